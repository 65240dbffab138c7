#include "runtime/rate_limiter.hpp"
