#include "runtime/compression.hpp"
