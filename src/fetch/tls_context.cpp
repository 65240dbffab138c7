#include <boost/asio/ssl/context.hpp>
#include <map>

#include "connection.hpp"
#include "spur/fetch/fetch_error.hpp"

namespace asio = boost::asio;

namespace spur::fetch_detail {

std::shared_ptr<asio::ssl::context> tls_context(const std::string& ca_file,
                                                const std::string& certificate_file,
                                                const std::string& key_file) {
  // Loading the system's CA store takes milliseconds: once per worker.
  thread_local std::map<std::string, std::shared_ptr<asio::ssl::context>> contexts;
  const std::string key = ca_file + '\n' + certificate_file + '\n' + key_file;
  if (auto it = contexts.find(key); it != contexts.end()) return it->second;
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  try {
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    ctx->set_verify_mode(asio::ssl::verify_peer);
    if (ca_file.empty())
      ctx->set_default_verify_paths();
    else
      ctx->load_verify_file(ca_file);
    if (!certificate_file.empty()) ctx->use_certificate_chain_file(certificate_file);
    if (!key_file.empty()) ctx->use_private_key_file(key_file, asio::ssl::context::pem);
  } catch (const boost::system::system_error& e) {
    throw FetchError(FetchError::Kind::tls, std::string("TLS settings: ") + e.what());
  }
  contexts.emplace(key, ctx);
  return ctx;
}

}  // namespace spur::fetch_detail
