// salotto-server: command line, start-up and shutdown. Everything else lives in
// salotto_server_lib so the unit tests exercise the same code.
//
// stdout carries only what people and scripts read (the listening address and the
// first invite code); logs go to stderr.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>

#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "server/auth/accounts.hpp"
#include "server/net/server.hpp"
#include "server/storage/store.hpp"

namespace {

// Clients still connected this long after SIGINT/SIGTERM are cut off.
constexpr auto kShutdownGrace = std::chrono::seconds(2);
constexpr auto kShutdownPoll = std::chrono::milliseconds(20);

std::string url_host(const boost::asio::ip::address& address) {
    return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Salotto: drop-in audio rooms. Serves the web client and the signalling "
        "WebSocket at /ws."};
    int port = 8080;
    std::string bind = "127.0.0.1";
    std::string db_path = "salotto.db";
    std::string www = SALOTTO_DEFAULT_WWW;
    std::string log_level = "info";
    std::string audience_batch = "auto";
    bool new_invite = false;
    app.add_option("--port", port, "TCP port; 0 picks a free one")
        ->envname("SALOTTO_PORT")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--bind", bind, "address to listen on")
        ->envname("SALOTTO_BIND")
        ->capture_default_str();
    app.add_option("--db", db_path, "SQLite database file")
        ->envname("SALOTTO_DB")
        ->capture_default_str();
    app.add_option("--www", www, "web root with index.html and the client")
        ->envname("SALOTTO_WWW")
        ->capture_default_str();
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    app.add_option("--audience-batch-ms", audience_batch,
                   "collect the audience's audio for this long (0-200 ms) into one message per "
                   "listener; 0 sends every frame at once; auto: 20 ms, 40 ms for audiences of "
                   "1,000 and more, 60 ms from 2,500")
        ->envname("SALOTTO_AUDIENCE_BATCH_MS")
        ->check(CLI::IsMember({"auto"}) | CLI::Range(0, 200))
        ->capture_default_str();
    app.add_flag("--new-invite", new_invite,
                 "create an invite code owned by nobody, print it and exit");
    CLI11_PARSE(app, argc, argv);

    spdlog::set_default_logger(spdlog::stderr_color_mt("salotto"));
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (sodium_init() < 0) {
        std::cerr << "salotto-server: libsodium failed to initialise\n";
        return EXIT_FAILURE;
    }

    try {
        salotto::storage::Store store(db_path);
        salotto::auth::Accounts accounts(store, salotto::auth::PasswordCost::interactive());

        if (new_invite) {
            std::cout << accounts.create_bootstrap_invite().code << std::endl;
            return EXIT_SUCCESS;
        }
        if (int stale = store.end_open_rooms(salotto::auth::system_unix_now()); stale > 0)
            spdlog::info("marked {} room(s) left open by a previous run as ended", stale);
        if (!std::filesystem::exists(std::filesystem::path(www) / "index.html"))
            spdlog::warn("no index.html in {}; only /ws and /healthz will be useful", www);

        boost::asio::io_context io{1};
        salotto::net::Server server(
            io, store, accounts,
            {bind, static_cast<unsigned short>(port), www, "salotto-server/" SALOTTO_VERSION,
             audience_batch == "auto" ? salotto::service::kDefaultAudienceBatch
                                      : std::chrono::milliseconds(std::stoi(audience_batch)),
             audience_batch == "auto"});

        const auto endpoint = server.endpoint();
        std::cout << "Salotto is listening on http://" << url_host(endpoint.address()) << ":"
                  << endpoint.port() << "/" << std::endl;
        if (auto first = accounts.first_invite_if_no_users())
            std::cout << "First invite code: " << first->code << std::endl;

        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        boost::asio::steady_timer poll(io);
        std::chrono::steady_clock::time_point deadline;
        // Stops the loop once every WebSocket has closed, or at the deadline.
        std::function<void()> wait_for_clients = [&] {
            if (server.open_connections() == 0 || std::chrono::steady_clock::now() >= deadline)
                return io.stop();
            poll.expires_after(kShutdownPoll);
            poll.async_wait([&](const boost::system::error_code&) { wait_for_clients(); });
        };
        signals.async_wait([&](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            spdlog::info("signal {}: shutting down", signal);
            server.stop();
            deadline = std::chrono::steady_clock::now() + kShutdownGrace;
            wait_for_clients();
        });
        // The last line of defence: a handler that throws despite the service's own
        // guards is logged, and the loop goes on serving every other connection.
        for (;;) {
            try {
                io.run();
                break;
            } catch (const std::exception& e) {
                spdlog::error("event loop: uncaught exception, serving on: {}", e.what());
            }
        }
        const auto& audio = server.audio_counters();
        spdlog::info(
            "audio: {} frames in, {} rejected, {} forwarded to listeners in {} batches, {} dropped "
            "(queues full), {} stuck listeners disconnected, {} bytes out",
            audio.frames_in, audio.frames_rejected, audio.frames_forwarded, audio.batches_built,
            audio.frames_dropped, audio.stuck_disconnects, audio.bytes_out);
        spdlog::info("stopped");
    } catch (const boost::system::system_error& e) {
        std::cerr << "salotto-server: cannot listen on " << bind << ":" << port << ": "
                  << e.code().message() << "\n";
        return EXIT_FAILURE;
    } catch (const std::exception& e) {
        std::cerr << "salotto-server: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
