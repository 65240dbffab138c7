#pragma once
// The built server's main(), as a function: spur_add_app() writes the one
// line `int main(int argc, char** argv) { return spur::detail::run_app(argc, argv); }`
// so that no library holds a main() and no logic sits in generated code.
namespace spur::detail {

// The app's route table behind App, served by Server with the command line of
// docs/configuration.md (--help and --version included); the exit status.
int run_app(int argc, char** argv);

}  // namespace spur::detail
