#pragma once
// `spur dev`'s host main(), as a function (see run_app.hpp for why).
namespace spur::detail {

// Loads the route objects of the dev manifest behind App, serves them, and
// swaps in rebuilt ones on SIGHUP; the exit status.
int run_dev_host(int argc, char** argv);

}  // namespace spur::detail
