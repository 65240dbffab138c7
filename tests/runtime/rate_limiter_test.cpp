#include "runtime/rate_limiter.hpp"

#include <gtest/gtest.h>
