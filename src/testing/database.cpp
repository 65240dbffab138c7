#include "spur/testing/database.hpp"

#include <stdlib.h>

#include <stdexcept>
#include <system_error>

#include "spur/db/database.hpp"
#include "spur/db/migrations.hpp"

namespace spur::testing {
namespace {

std::filesystem::path make_folder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "spur-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::system_error(errno, std::generic_category(), "spur::testing::TestDatabase");
  return pattern;
}

}  // namespace

TestDatabase::TestDatabase(const std::filesystem::path& migrations)
    : folder_(make_folder()), url_("file:" + (folder_ / "data.db").string()) {
  try {
    std::shared_ptr<db::Database> database = db::open(url_);
    db::migrate(*database, migrations);
    db::use(std::move(database));
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    throw;
  }
}

TestDatabase::~TestDatabase() {
  db::use(nullptr);  // closes it; the next db call opens DATABASE_URL's
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace spur::testing
