// Accepts TCP connections and starts an HttpSession for each.
//
// Admission: each connection takes a slot from the ConnectionLimiter (when given);
// one over a limit gets a short HTTP 503 with Retry-After and is closed at once,
// before anything of it is read. Out of file descriptors (EMFILE, ENFILE) or kernel
// memory, accepting pauses for 100 ms, doubling up to 1 s while it keeps failing:
// the pending connections wait in the kernel's backlog, the connections already
// open keep being served, and the log gets one line per second at most (it used
// to retry at once, spinning a core and logging each failure).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <chrono>
#include <cstddef>
#include <memory>

#include "server/net/connection_limits.hpp"
#include "server/net/context.hpp"
#include "server/net/log_throttle.hpp"

namespace salotto::net {

// What a listener serves: everything, or only /metrics and /healthz (the separate
// metrics address, --metrics-bind).
enum class ListenerRole { main, metrics };

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Binds and listens at once, so a taken port fails here (throws
    // boost::system::system_error) rather than later inside the event loop.
    // `limiter` may be null (no limits); it must outlive the listener.
    Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             Context& context, ListenerRole role, ConnectionLimiter* limiter);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    void run();
    void stop();

    static constexpr auto kFirstPause = std::chrono::milliseconds(100);
    static constexpr auto kLongestPause = std::chrono::seconds(1);

  private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
    // Stops accepting for `pause_`, then tries again.
    void pause(const boost::beast::error_code& ec);
    void admit(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    Context& context_;
    ListenerRole role_;
    ConnectionLimiter* limiter_;
    boost::asio::steady_timer pause_timer_;
    std::chrono::milliseconds pause_ = kFirstPause;
    std::size_t failures_ = 0;  // accept failures since the last successful accept
    LogThrottle accept_log_;
    LogThrottle refusal_log_;
};

}  // namespace salotto::net
