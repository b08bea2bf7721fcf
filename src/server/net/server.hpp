// The network side assembled: listener (and the optional metrics listener),
// connection limits, session registry and the signalling service, on one
// io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/auth/accounts.hpp"
#include "server/net/connection_limits.hpp"
#include "server/net/context.hpp"
#include "server/net/hub.hpp"
#include "server/net/listener.hpp"
#include "server/net/web_security.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"
#include "server/work/worker_pool.hpp"

namespace salotto::net {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port
    std::filesystem::path www_root;
    std::string server_name = "salotto-server";
    // How long audience audio is collected into one batch; 0 sends each frame at once.
    std::chrono::milliseconds audience_batch = service::kDefaultAudienceBatch;
    // Large rooms collect several intervals per batch (service::audience_batch_intervals).
    bool adaptive_audience_batch = true;
    // How often live rooms' changed hallway summaries go out; 0 sends each at once.
    std::chrono::milliseconds hallway_interval = service::kDefaultHallwayInterval;
    // How often big rooms' joins and leaves go out together; 0 sends each at once.
    std::chrono::milliseconds members_interval = service::kDefaultMembersInterval;
    // How often each room's reactions go out together; 0 sends each at once.
    std::chrono::milliseconds reactions_interval = service::kDefaultReactionsInterval;
    // A write in flight this long means the peer stopped reading (its TCP window is
    // shut): the connection is dropped, its audio would only pile up and go stale.
    // Checked once a second.
    std::chrono::milliseconds stuck_write = std::chrono::seconds(5);
    // PEM certificate chain and private key: both set, the port serves HTTPS and WSS
    // only (docs/deploy.md).
    std::filesystem::path tls_cert{};
    std::filesystem::path tls_key{};
    // Reverse proxies whose X-Forwarded-For / Forwarded headers name the client.
    std::vector<std::string> trusted_proxies{};
    // Threads hashing passwords, off the event loop; also the number of hashes that run
    // at once. At most hash_queue more wait; beyond that sign-ins get `server_busy`.
    std::size_t hash_threads = work::default_worker_threads(std::thread::hardware_concurrency());
    std::size_t hash_queue = 64;
    // Pages that may open the WebSocket besides the server's own origin.
    OriginPolicy origins{};
    // Who may frame the embed page.
    FramePolicy frames{};
    // Opens /metrics on the main port to `Authorization: Bearer <token>`; empty: the
    // main port does not serve /metrics.
    std::string metrics_token{};
    // A second listener serving only /metrics and /healthz, e.g. 127.0.0.1:9090.
    std::optional<boost::asio::ip::tcp::endpoint> metrics_endpoint{};
    ConnectionLimits limits{};
    // Where replays are written (an existing folder; empty: no recording) and how many
    // bytes they may take together (ServiceOptions::replay_dir, replay_quota_bytes).
    std::filesystem::path replay_dir{};
    std::uint64_t replay_quota_bytes = service::kDefaultReplayQuotaBytes;
};

// Reads "127.0.0.1:9090" or "[::1]:9090" (an IP address and a port; 0 picks a
// free port); nothing when malformed.
std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text);

class Server {
  public:
    // Binds and starts accepting; throws boost::system::system_error when the
    // address is invalid or taken, or a TLS file or proxy address cannot be used.
    Server(boost::asio::io_context& io, storage::Store& store, auth::Accounts& accounts,
           const ServerOptions& options);

    boost::asio::ip::tcp::endpoint endpoint() const { return listener_->local_endpoint(); }
    // The metrics listener's address, when there is one.
    std::optional<boost::asio::ip::tcp::endpoint> metrics_endpoint() const;
    // Saves the live rooms' stages for the next start, stops accepting, and tells every
    // WebSocket client the server is going away.
    void stop();
    // Reopens the rooms whose stages the previous run saved; returns how many.
    int restore_stages() { return service_.restore_stages(); }
    std::size_t open_connections() const { return hub_.size(); }
    bool tls() const { return tls_ != nullptr; }
    const service::AudioCounters& audio_counters() const { return service_.audio_counters(); }

  private:
    // Runs `job` on the hash pool and its continuation back on `io`.
    bool offload(boost::asio::io_context& io, service::SlowJob job);
    void schedule_flush();
    // Calls `flush` on the service every `interval` until the server stops.
    void schedule_every(boost::asio::steady_timer& timer, std::chrono::milliseconds interval,
                        void (service::Service::*flush)());
    void schedule_sweep();

    Hub hub_;
    service::Service service_;
    // Declared after the service: destroyed first, so no job outlives what it reports to.
    work::WorkerPool hash_pool_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    Context context_;
    ConnectionLimiter limiter_;
    std::shared_ptr<Listener> listener_;
    std::shared_ptr<Listener> metrics_listener_;
    std::chrono::milliseconds audience_batch_;
    std::chrono::milliseconds stuck_write_;
    // Audience batches go out on this tick; one timer for all rooms. It runs on a
    // fixed grid (next_flush_ += interval), so the time a flush takes does not
    // stretch the period.
    boost::asio::steady_timer flush_timer_;
    boost::asio::steady_timer::time_point next_flush_;
    // Coalesced hallway updates go out on this tick.
    boost::asio::steady_timer hallway_timer_;
    // Big rooms' collected joins and leaves go out on this tick.
    boost::asio::steady_timer members_timer_;
    boost::asio::steady_timer reactions_timer_;
    // Looks for stuck listeners once a second.
    boost::asio::steady_timer sweep_timer_;
};

}  // namespace salotto::net
