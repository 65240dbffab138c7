#include "runtime/cookie_signing.hpp"

#include <gtest/gtest.h>
