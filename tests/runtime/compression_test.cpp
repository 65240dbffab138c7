#include "runtime/compression.hpp"

#include <gtest/gtest.h>
