// Server assembly; see server.hpp.
#include "server/net/server.hpp"

#include "server/net/websocket_session.hpp"

namespace salotto::net {

namespace {

constexpr auto kSweepInterval = std::chrono::seconds(1);

boost::asio::ip::tcp::endpoint make_endpoint(const ServerOptions& options) {
    return {boost::asio::ip::make_address(options.bind), options.port};
}

}  // namespace

Server::Server(boost::asio::io_context& io, storage::Store& store, auth::Accounts& accounts,
               const ServerOptions& options)
    : service_(accounts, store, hub_,
               service::ServiceOptions{.server_name = options.server_name,
                                       .audience_batch = options.audience_batch}),
      context_{service_, hub_, options.www_root},
      listener_(std::make_shared<Listener>(io, make_endpoint(options), context_)),
      audience_batch_(options.audience_batch),
      flush_timer_(io),
      sweep_timer_(io) {
    listener_->run();
    if (audience_batch_.count() > 0) schedule_flush();
    schedule_sweep();
}

void Server::schedule_flush() {
    flush_timer_.expires_after(audience_batch_);
    flush_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: the server is stopping
        service_.flush_audio();
        schedule_flush();
    });
}

void Server::schedule_sweep() {
    sweep_timer_.expires_after(kSweepInterval);
    sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        hub_.drop_stuck(std::chrono::steady_clock::now() - kStuckWrite);
        schedule_sweep();
    });
}

void Server::stop() {
    flush_timer_.cancel();
    sweep_timer_.cancel();
    listener_->stop();
    hub_.close_all(boost::beast::websocket::close_code::going_away);
}

}  // namespace salotto::net
