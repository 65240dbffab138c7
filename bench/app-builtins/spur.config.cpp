// The built-ins whose cost bench/builtins.sh measures.
#include <spur/config.hpp>
using namespace spur;

const AppConfig config{
    .cors = Cors{},
    .request_id = true,
    .access_log = AccessLog::json,
};
