#pragma once
// For generated code only (src/codegen). The generated unit of a route file
// compiles the user's file inside its own namespace `N::user`, which also sees
// `fallback::` (below) through a using-directive. A qualified lookup of
// `N::user::GET` then finds the user's GET when the file defines one (a
// function or a callable object) and the fallback otherwise, so detection
// needs no macro and no registration line in the user's file. What each kind
// of file builds from the names it found is in route_glue.hpp (App Router),
// pages_glue.hpp (Pages Router) and app_files_glue.hpp (middleware.cpp,
// spur.config.cpp).
#include <type_traits>

namespace spur::detail {

// The type of every name a file did not define.
struct Missing {};

namespace fallback {
inline constexpr Missing GET{}, HEAD{}, POST{}, PUT{}, PATCH{}, DELETE{}, OPTIONS{}, SOCKET{};
inline constexpr Missing config{}, handler{};
}  // namespace fallback

template <typename T>
inline constexpr bool is_missing = std::is_same_v<std::remove_cvref_t<T>, Missing>;

}  // namespace spur::detail
