#include "runtime/cookie_signing.hpp"
