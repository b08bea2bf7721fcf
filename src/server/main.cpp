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
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/net/open_files.hpp"
#include "server/net/server.hpp"
#include "server/storage/account_store.hpp"
#include "server/storage/checkpointer.hpp"
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
    std::string make_admin;
    std::string tls_cert, tls_key;
    std::vector<std::string> trusted_proxies;
    std::vector<std::string> allowed_origins;
    std::vector<std::string> frame_ancestors;
    std::string metrics_bind;
    std::string metrics_token;
    salotto::net::ConnectionLimits limits;
    std::optional<std::string> replay_dir;
    std::uint64_t replay_quota_mb = salotto::service::kDefaultReplayQuotaBytes / (1024 * 1024);
    bool limit_loopback = false;
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
    app.add_option("--tls-cert", tls_cert, "PEM certificate chain: serve HTTPS and WSS only")
        ->envname("SALOTTO_TLS_CERT")
        ->check(CLI::ExistingFile);
    app.add_option("--tls-key", tls_key, "PEM private key of --tls-cert")
        ->envname("SALOTTO_TLS_KEY")
        ->check(CLI::ExistingFile);
    app.add_option("--trusted-proxy", trusted_proxies,
                   "IP address of a reverse proxy whose X-Forwarded-For/Forwarded headers name "
                   "the client; repeatable");
    app.add_option("--allowed-origin", allowed_origins,
                   "a web origin (https://example.org) whose pages may open the WebSocket besides "
                   "the server's own; repeat for more; * allows any. Clients that send no Origin "
                   "(the bot, tools) are always allowed")
        ->envname("SALOTTO_ALLOWED_ORIGINS")
        ->delimiter(',');
    app.add_option("--embed-frame-ancestor", frame_ancestors,
                   "a site that may frame the embed page /embed/<room> (https://blog.example, "
                   "https://*.example.org, 'self'); repeat for more; default: any site. Every "
                   "other page refuses to be framed")
        ->envname("SALOTTO_EMBED_FRAME_ANCESTORS")
        ->delimiter(',')
        ->check([](const std::string& entry) {
            return salotto::net::valid_frame_ancestor(entry)
                       ? std::string()
                       : "not a CSP frame-ancestors source: " + entry;
        });
    app.add_option("--metrics-bind", metrics_bind,
                   "serve /metrics (no token) and /healthz on this extra address only, e.g. "
                   "127.0.0.1:9090")
        ->envname("SALOTTO_METRICS_BIND")
        ->check([](const std::string& text) {
            return salotto::net::parse_endpoint(text) ? std::string()
                                                      : "not IP:port ([IPv6]:port): " + text;
        });
    app.add_option("--metrics-token", metrics_token,
                   "also serve /metrics on the main port to requests with 'Authorization: Bearer "
                   "<token>' (prefer the environment variable: flags show in ps)")
        ->envname("SALOTTO_METRICS_TOKEN");
    app.add_option("--max-connections", limits.total,
                   "open connections in all (HTTP and WebSocket); 0: no limit. Over it, "
                   "new connections get HTTP 503")
        ->envname("SALOTTO_MAX_CONNECTIONS")
        ->capture_default_str();
    app.add_option("--max-connections-per-address", limits.per_address,
                   "open connections from one client address (IPv6: one /64); 0: no limit. "
                   "Loopback is exempt unless --limit-loopback, and so are --trusted-proxy "
                   "addresses")
        ->envname("SALOTTO_MAX_CONNECTIONS_PER_ADDRESS")
        ->capture_default_str();
    app.add_flag("--limit-loopback", limit_loopback,
                 "hold loopback clients to --max-connections-per-address too (by default they "
                 "are exempt: a reverse proxy on this host, benchmarks and tests connect from "
                 "there)")
        ->envname("SALOTTO_LIMIT_LOOPBACK");
    app.add_option("--replay-dir", replay_dir,
                   "folder for room recordings (created if missing); default: <db>-replays; "
                   "an empty value turns recording off");
    app.add_option("--replay-quota-mb", replay_quota_mb,
                   "disk space all replays together may take, in MiB (recordings under way "
                   "included)")
        ->check(CLI::PositiveNumber);
    app.add_flag("--new-invite", new_invite,
                 "create an invite code owned by nobody, print it and exit");
    app.add_option("--make-admin", make_admin,
                   "make the user with this handle an admin (grants invites, disables accounts), "
                   "print a line and exit; works while a server runs on the same database")
        ->excludes("--new-invite");
    CLI11_PARSE(app, argc, argv);

    spdlog::set_default_logger(spdlog::stderr_color_mt("salotto"));
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (sodium_init() < 0) {
        std::cerr << "salotto-server: libsodium failed to initialise\n";
        return EXIT_FAILURE;
    }
    std::string origin_error;
    auto origins = salotto::net::OriginPolicy::parse(allowed_origins, origin_error);
    if (!origins) {
        std::cerr << "salotto-server: --allowed-origin: " << origin_error << "\n";
        return EXIT_FAILURE;
    }
    limits.exempt_loopback = !limit_loopback;

    try {
        salotto::storage::Store store(db_path);
        salotto::auth::Accounts accounts(store, salotto::auth::PasswordCost::interactive());

        if (new_invite) {
            std::cout << accounts.create_bootstrap_invite().code << std::endl;
            return EXIT_SUCCESS;
        }
        if (!make_admin.empty()) {
            if (!salotto::auth::Admin(store).set_admin(make_admin, true)) {
                std::cerr << "salotto-server: --make-admin: no user has the handle '" << make_admin
                          << "'\n";
                return EXIT_FAILURE;
            }
            std::cout << "@" << make_admin << " is now an admin" << std::endl;
            return EXIT_SUCCESS;
        }
        // Users added or renamed while the server was down get their search keys now
        // rather than on the first search.
        if (int keyed = salotto::storage::AccountStore(store.database()).refresh_search_index();
            keyed > 0)
            spdlog::info("indexed {} user(s) for search", keyed);
        // Checkpoints (and their fsyncs) run on a thread of their own from here on.
        salotto::storage::Checkpointer checkpointer(store.database(), db_path);
        if (int stale = store.end_open_rooms(salotto::auth::system_unix_now()); stale > 0)
            spdlog::info("marked {} room(s) left open by a previous run as ended", stale);
        if (!std::filesystem::exists(std::filesystem::path(www) / "index.html"))
            spdlog::warn("no index.html in {}; only /ws and /healthz will be useful", www);

        const auto files = salotto::net::raise_open_file_limit();
        if (!files.error.empty())
            spdlog::warn("open-file limit: {} (now {}, hard limit {})", files.error, files.now,
                         files.hard);
        else
            spdlog::info("open-file limit: {} (was {})", files.now, files.before);
        // Each connection is one descriptor; the database, the log, the listeners and
        // the event loop take a few more. A cap above what the descriptors allow would
        // never refuse politely: accepting would fail and pause instead.
        constexpr std::uint64_t kReservedFiles = 64;
        if (limits.total > 0 && limits.total + kReservedFiles > files.now) {
            const auto fitting =
                files.now > 2 * kReservedFiles ? files.now - kReservedFiles : files.now / 2;
            // Only worth a warning when the operator asked for more.
            spdlog::log(
                app.count("--max-connections") > 0 ? spdlog::level::warn : spdlog::level::info,
                "--max-connections {} lowered to {} to fit the open-file limit {}", limits.total,
                fitting, files.now);
            limits.total = static_cast<std::size_t>(fitting);
        }

        boost::asio::io_context io{1};
        salotto::net::ServerOptions options{
            bind,
            static_cast<unsigned short>(port),
            www,
            "salotto-server/" SALOTTO_VERSION,
            audience_batch == "auto" ? salotto::service::kDefaultAudienceBatch
                                     : std::chrono::milliseconds(std::stoi(audience_batch)),
            audience_batch == "auto"};
        options.origins = std::move(*origins);
        options.frames.embed_ancestors = frame_ancestors;
        options.metrics_token = metrics_token;
        if (!metrics_bind.empty())
            options.metrics_endpoint = salotto::net::parse_endpoint(metrics_bind);
        options.limits = limits;
        options.tls_cert = tls_cert;
        options.tls_key = tls_key;
        options.trusted_proxies = trusted_proxies;
        options.replay_dir = replay_dir.value_or(db_path + "-replays");
        if (!options.replay_dir.empty()) {
            std::filesystem::create_directories(options.replay_dir);
            spdlog::info("replays in {} (quota {} MiB)", options.replay_dir.string(),
                         replay_quota_mb);
        }
        options.replay_quota_bytes = replay_quota_mb * 1024 * 1024;
        salotto::net::Server server(io, store, accounts, options);

        if (int restored = server.restore_stages(); restored > 0)
            spdlog::info("reopened {} room(s) whose stages the previous run saved", restored);

        const auto endpoint = server.endpoint();
        std::cout << "Salotto is listening on " << (server.tls() ? "https" : "http") << "://"
                  << url_host(endpoint.address()) << ":" << endpoint.port() << "/" << std::endl;
        if (auto metrics = server.metrics_endpoint())
            std::cout << "Metrics on http://" << url_host(metrics->address()) << ":"
                      << metrics->port() << "/metrics" << std::endl;
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
        std::cerr << "salotto-server: cannot listen on " << bind << ":" << port
                  << (metrics_bind.empty() ? "" : " or " + metrics_bind) << ": "
                  << e.code().message() << "\n";
        return EXIT_FAILURE;
    } catch (const std::exception& e) {
        std::cerr << "salotto-server: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
