#include "spur/core/secret.hpp"

#include <ostream>

namespace spur {

std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

}  // namespace spur
