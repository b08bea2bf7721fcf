// A base for the fixtures that drive a whole Service over fake connections, as clients
// would: intents go in as text frames and events come out through a RecordingOutbox,
// decoded with the real codec. The deriving fixture builds its Service (options,
// clocks, store) and says where it and its Accounts are; this base opens connections,
// signs people up and checks what each connection was sent.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server_test_support.hpp"

namespace salotto::test {

class ServiceFixture : public ::testing::Test {
  protected:
    using ConnectionId = service::ConnectionId;

    // libsodium is ready from here on: some fixtures sign people up in their members'
    // initialisers, before SetUp.
    explicit ServiceFixture(RecordingOutbox::Audio audio = RecordingOutbox::Audio::unexpected)
        : outbox(audio) {
        init_sodium();
    }

    // The deriving fixture's Service, built over `outbox`, and the Accounts it signs
    // people up with.
    virtual service::Service& service_under_test() = 0;
    virtual auth::Accounts& accounts_under_test() = 0;

    // Everything sent to `id` since the last take.
    std::vector<protocol::Event> take(ConnectionId id) {
        return std::exchange(outbox.inbox[id], {});
    }
    // The single event sent to `id`, which must be of type E (E{} when there is none).
    template <class E>
    E take_one(ConnectionId id) {
        auto events = take(id);
        EXPECT_EQ(types(events), std::string(E::kType) + " ");
        auto found = only<E>(events);
        return found.empty() ? E{} : found[0];
    }
    // The single event sent to `id` is an error with `code`, answering `in`, that says
    // something to the person.
    void expect_error(ConnectionId id, ErrorCode code, std::string_view in) {
        auto error = take_one<protocol::Error>(id);
        EXPECT_EQ(wire_name(error.code), wire_name(code)) << "answering " << in;
        EXPECT_EQ(error.in, in);
        EXPECT_FALSE(error.message.empty());
    }
    void expect_nothing(ConnectionId id) {
        auto events = take(id);
        EXPECT_TRUE(events.empty()) << "connection " << id << " got " << types(events);
    }
    void send(ConnectionId id, const protocol::Intent& intent) {
        service_under_test().text(id, protocol::encode(intent));
    }

    // A new connection past its hello and welcome. Each connection comes from an address
    // of its own, as people do: per-address limits are tested on their own.
    ConnectionId connect() {
        const ConnectionId id = next_id++;
        service_under_test().open(id, "peer-" + std::to_string(id));
        send(id, protocol::Hello{protocol::kVersion, "test"});
        take_one<protocol::Welcome>(id);
        return id;
    }
    // A new user `handle` with the password "password123" on a new connection, called
    // `name` ("Name of <handle>" when empty) and signed up with invite `code` (a new
    // bootstrap invite when empty). Their session and hallway snapshot are consumed; the
    // user and their token are kept in `users` and `tokens`.
    ConnectionId signup(const std::string& handle, const std::string& name = "",
                        std::string code = "") {
        if (code.empty()) code = accounts_under_test().create_bootstrap_invite().code;
        const ConnectionId id = connect();
        send(id, protocol::Signup{code, handle, name.empty() ? "Name of " + handle : name,
                                  "password123"});
        auto events = take(id);
        EXPECT_EQ(types(events), "session hallway ");
        for (const auto& session : only<protocol::Session>(events)) {
            users[id] = session.user;
            tokens[id] = session.token.value_or("");
        }
        return id;
    }
    protocol::UserId uid(ConnectionId id) { return users.at(id).id; }

    RecordingOutbox outbox;
    ConnectionId next_id = 1;
    // Who signed up or signed in on each connection, and their session token.
    std::map<ConnectionId, protocol::User> users;
    std::map<ConnectionId, std::string> tokens;
};

}  // namespace salotto::test
