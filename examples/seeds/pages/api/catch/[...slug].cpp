#include "lib/echo_slug.hpp"

const auto handler = echo_slug;
