// The seeds' settings: Next.js compresses responses by default; so do the seeds.
#include <spur/config.hpp>
using namespace spur;

const AppConfig config{.compression = Compression{}};
