#include "spur/wrap.hpp"

#include <gtest/gtest.h>
