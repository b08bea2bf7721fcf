// Server assembly; see server.hpp.
#include "server/net/server.hpp"

#include <boost/asio/post.hpp>
#include <stdexcept>

#include "server/net/websocket_session.hpp"

namespace salotto::net {

namespace {

constexpr auto kSweepInterval = std::chrono::seconds(1);

boost::asio::ip::tcp::endpoint make_endpoint(const ServerOptions& options) {
    return {boost::asio::ip::make_address(options.bind), options.port};
}

// The TLS context for the certificate and key, or null without them. Only TLS 1.2 and
// 1.3; OpenSSL's default ciphers for those. Buffers are released while a connection is
// idle (SSL_MODE_RELEASE_BUFFERS), which keeps ~34 KB per idle TLS connection free.
std::unique_ptr<boost::asio::ssl::context> make_tls(const ServerOptions& options) {
    if (options.tls_cert.empty() && options.tls_key.empty()) return nullptr;
    if (options.tls_cert.empty() || options.tls_key.empty())
        throw std::runtime_error("TLS needs both a certificate and a key");
    namespace ssl = boost::asio::ssl;
    auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_mode(tls->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert.string(), ec);
    if (ec)
        throw std::runtime_error("TLS certificate " + options.tls_cert.string() + ": " +
                                 ec.message());
    tls->use_private_key_file(options.tls_key.string(), ssl::context::pem, ec);
    if (ec) throw std::runtime_error("TLS key " + options.tls_key.string() + ": " + ec.message());
    return tls;
}

std::vector<boost::asio::ip::address> parse_proxies(const std::vector<std::string>& proxies) {
    std::vector<boost::asio::ip::address> out;
    for (const auto& proxy : proxies) {
        boost::system::error_code ec;
        out.push_back(boost::asio::ip::make_address(proxy, ec));
        if (ec) throw std::runtime_error("trusted proxy '" + proxy + "' is not an IP address");
    }
    return out;
}

// The connection limits with the trusted proxies exempt from the per-address count.
ConnectionLimits with_exempt(ConnectionLimits limits,
                             const std::vector<boost::asio::ip::address>& proxies) {
    limits.exempt.insert(limits.exempt.end(), proxies.begin(), proxies.end());
    return limits;
}

}  // namespace

std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) return std::nullopt;
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    else if (host.find(':') != std::string_view::npos)
        return std::nullopt;  // an IPv6 address needs its brackets
    unsigned port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535) return std::nullopt;
        port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port > 65535) return std::nullopt;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) return std::nullopt;
    return boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

std::optional<boost::asio::ip::tcp::endpoint> Server::metrics_endpoint() const {
    if (!metrics_listener_) return std::nullopt;
    return metrics_listener_->local_endpoint();
}

Server::Server(boost::asio::io_context& io, storage::Store& store, auth::Accounts& accounts,
               const ServerOptions& options)
    : service_(
          accounts, store, hub_,
          service::ServiceOptions{
              .server_name = options.server_name,
              .audience_batch = options.audience_batch,
              .adaptive_audience_batch = options.adaptive_audience_batch,
              .hallway_interval = options.hallway_interval,
              .members_interval = options.members_interval,
              .reactions_interval = options.reactions_interval,
              .offload = [this, &io](service::SlowJob job) { return offload(io, std::move(job)); },
              .replay_dir = options.replay_dir,
              .replay_quota_bytes = options.replay_quota_bytes}),
      hash_pool_(options.hash_threads, options.hash_queue),
      tls_(make_tls(options)),
      context_{.service = service_,
               .hub = hub_,
               .www_root = options.www_root,
               .origins = options.origins,
               .frames = options.frames,
               .metrics_token = options.metrics_token,
               .tls = tls_.get(),
               .trusted_proxies = parse_proxies(options.trusted_proxies)},
      limiter_(with_exempt(options.limits, context_.trusted_proxies)),
      listener_(std::make_shared<Listener>(io, make_endpoint(options), context_, ListenerRole::main,
                                           &limiter_)),
      audience_batch_(options.audience_batch),
      stuck_write_(options.stuck_write),
      flush_timer_(io),
      next_flush_(boost::asio::steady_timer::clock_type::now()),
      hallway_timer_(io),
      members_timer_(io),
      reactions_timer_(io),
      sweep_timer_(io) {
    if (options.metrics_endpoint) {
        // Not under the connection limits: its address is for the operator's scraper.
        metrics_listener_ = std::make_shared<Listener>(io, *options.metrics_endpoint, context_,
                                                       ListenerRole::metrics, nullptr);
        metrics_listener_->run();
    }
    listener_->run();
    if (audience_batch_.count() > 0) schedule_flush();
    if (options.hallway_interval.count() > 0)
        schedule_every(hallway_timer_, options.hallway_interval, &service::Service::flush_hallway);
    if (options.members_interval.count() > 0)
        schedule_every(members_timer_, options.members_interval, &service::Service::flush_members);
    if (options.reactions_interval.count() > 0)
        schedule_every(reactions_timer_, options.reactions_interval,
                       &service::Service::flush_reactions);
    schedule_sweep();
}

bool Server::offload(boost::asio::io_context& io, service::SlowJob job) {
    return hash_pool_.try_submit([&io, job = std::move(job)] { boost::asio::post(io, job()); });
}

void Server::schedule_flush() {
    // The next tick of a fixed grid: waiting `interval` after each flush instead
    // would add the flush's own duration to every period (20 ms became 25-57 ms).
    next_flush_ += audience_batch_;
    // More than a whole interval behind (a long flush or a stalled loop): skip the
    // missed ticks rather than fire them back to back, and flush now, telling the
    // service how many intervals that flush covers.
    int intervals = 1;
    const auto now = boost::asio::steady_timer::clock_type::now();
    if (now - next_flush_ > audience_batch_) {
        intervals += static_cast<int>((now - next_flush_) / audience_batch_);
        next_flush_ = now;
    }
    flush_timer_.expires_at(next_flush_);
    flush_timer_.async_wait([this, intervals](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: the server is stopping
        service_.flush_audio(intervals);
        schedule_flush();
    });
}

void Server::schedule_every(boost::asio::steady_timer& timer, std::chrono::milliseconds interval,
                            void (service::Service::*flush)()) {
    // expires_after on purpose: the gap between two flushes is then never shorter
    // than the interval, which is what docs/protocol.md promises ("at most once").
    timer.expires_after(interval);
    timer.async_wait([this, &timer, interval, flush](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: the server is stopping
        (service_.*flush)();
        schedule_every(timer, interval, flush);
    });
}

void Server::schedule_sweep() {
    sweep_timer_.expires_after(kSweepInterval);
    sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        const auto now = std::chrono::steady_clock::now();
        hub_.sweep(now, now - stuck_write_);
        service_.sweep();
        schedule_sweep();
    });
}

void Server::stop() {
    service_.save_stages();
    // Recordings end with the run: their replays are stored before the loop stops.
    service_.stop_recordings();
    flush_timer_.cancel();
    hallway_timer_.cancel();
    members_timer_.cancel();
    reactions_timer_.cancel();
    sweep_timer_.cancel();
    listener_->stop();
    if (metrics_listener_) metrics_listener_->stop();
    hub_.close_all(CloseCode::going_away);
}

}  // namespace salotto::net
