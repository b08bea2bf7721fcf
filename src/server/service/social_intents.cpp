// The social intents; see social_intents.hpp and docs/protocol.md.
#include "server/service/social_intents.hpp"

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/social/hallway_rank.hpp"
#include "core/validation.hpp"
#include "server/service/room_access.hpp"

namespace salotto::service {

SocialIntents::SocialIntents(auth::Accounts& accounts, storage::Store& store,
                             Connections& connections, LiveRooms& rooms, SocialGraph& graph,
                             HallwayAudience& hallway, RoomIntents& room_intents,
                             const ServiceOptions& options)
    : accounts_(accounts),
      store_(store.database()),
      connections_(connections),
      rooms_(rooms),
      graph_(graph),
      hallway_(hallway),
      room_intents_(room_intents),
      options_(options) {
    graph_.load(store_);
}

std::optional<protocol::Profile> SocialIntents::profile_for(UserId viewer,
                                                            std::string_view handle) {
    auto result = accounts_.profile(handle);
    auto* profile = std::get_if<protocol::Profile>(&result);
    if (!profile) return std::nullopt;
    const UserId id = profile->user.id;
    profile->followers = static_cast<int>(graph_.followers(id).size());
    profile->following = static_cast<int>(graph_.following(id).size());
    profile->you_follow = graph_.follows(viewer, id);
    profile->follows_you = graph_.follows(id, viewer);
    profile->you_block = graph_.blocks(viewer, id);
    return std::move(*profile);
}

void SocialIntents::send_profile(Request& r, UserId target) {
    if (auto user = accounts_.user(target))
        if (auto profile = profile_for(r.user(), user->handle)) connections_.send(r.id, *profile);
}

void SocialIntents::handle(Request& r, const protocol::GetProfile& m) {
    auto profile = profile_for(r.user(), m.handle);
    if (!profile) return connections_.reject(r.id, ErrorCode::user_not_found, r.type);
    connections_.send(r.id, *profile);
}

std::optional<ErrorCode> SocialIntents::check_target(UserId me, UserId target) {
    if (target == me) return ErrorCode::follow_self;
    if (!accounts_.user(target)) return ErrorCode::user_not_found;
    return std::nullopt;
}

void SocialIntents::handle(Request& r, const protocol::Follow& m) {
    const UserId me = r.user();
    if (auto error = check_target(me, m.user)) return connections_.reject(r.id, *error, r.type);
    if (graph_.blocks(me, m.user) || graph_.blocks(m.user, me))
        return connections_.reject(r.id, ErrorCode::blocked, r.type);
    if (store_.follow(me, m.user, options_.unix_now())) {
        graph_.add_follow(me, m.user);
        notify({m.user, "follow", me, {}, {}, options_.unix_now()});
        // Social rooms with `me` on stage may now admit the one followed.
        hallway_.refresh(m.user);
    }
    send_social(me);
    send_profile(r, m.user);
}

void SocialIntents::handle(Request& r, const protocol::Unfollow& m) {
    const UserId me = r.user();
    if (auto error = check_target(me, m.user)) return connections_.reject(r.id, *error, r.type);
    store_.unfollow(me, m.user);
    graph_.remove_follow(me, m.user);
    hallway_.refresh(m.user);
    send_social(me);
    send_profile(r, m.user);
}

void SocialIntents::handle(Request& r, const protocol::Block& m) {
    const UserId me = r.user();
    if (auto error = check_target(me, m.user)) return connections_.reject(r.id, *error, r.type);
    store_.block(me, m.user, options_.unix_now());
    graph_.add_block(me, m.user);
    // The blocked one loses the blocker's rooms; both lose what the follows gave them.
    hallway_.refresh(m.user);
    hallway_.refresh(me);
    send_social(me);
    send_social(m.user);
    send_profile(r, m.user);
}

void SocialIntents::handle(Request& r, const protocol::Unblock& m) {
    const UserId me = r.user();
    if (auto error = check_target(me, m.user)) return connections_.reject(r.id, *error, r.type);
    store_.unblock(me, m.user);
    graph_.remove_block(me, m.user);
    hallway_.refresh(m.user);
    send_social(me);
    send_profile(r, m.user);
}

void SocialIntents::handle(Request& r, const protocol::UpdateProfile& m) {
    if (!validation::is_valid_display_name(m.name))
        return connections_.reject(r.id, ErrorCode::name_invalid, r.type);
    if (!validation::is_valid_bio(m.bio))
        return connections_.reject(r.id, ErrorCode::bio_invalid, r.type);
    const UserId me = r.user();
    store_.update_profile(me, m.name, m.bio);
    // Every connection of the user carries the new name into the next room they join.
    for (auto& [id, connection] : connections_.all())
        if (connection.user && connection.user->id == me) connection.user->name = m.name;
    const protocol::User updated = *r.connection.user;
    if (auto profile = profile_for(me, updated.handle)) connections_.send_user(me, *profile);
    connections_.send_user(me, protocol::UserUpdated{updated});
    // The room they are in shows the new name at once, and so does its hallway card.
    room_intents_.person_changed(updated);
}

void SocialIntents::handle(Request& r, const protocol::ListFollows& m) {
    if (!accounts_.user(m.user))
        return connections_.reject(r.id, ErrorCode::user_not_found, r.type);
    const int offset = m.offset.value_or(0);
    if (offset < 0) return connections_.reject(r.id, ErrorCode::offset_invalid, r.type);
    protocol::Follows out;
    out.user = m.user;
    out.followers = m.followers;
    out.offset = offset;
    out.items =
        store_.follows_of(m.user, m.followers, offset, static_cast<int>(social::kMaxFollowsListed));
    out.total = static_cast<int>(m.followers ? graph_.followers(m.user).size()
                                             : graph_.following(m.user).size());
    connections_.send(r.id, out);
}

void SocialIntents::handle(Request& r, const protocol::PingUser& m) {
    const UserId me = r.user();
    LiveRoom* live = rooms_.of(me);
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    if (m.user == me) return connections_.reject(r.id, ErrorCode::follow_self, r.type);
    if (!accounts_.user(m.user))
        return connections_.reject(r.id, ErrorCode::user_not_found, r.type);
    if (!graph_.follows(me, m.user))
        return connections_.reject(r.id, ErrorCode::not_following, r.type);
    if (live->room.contains(m.user))
        return connections_.reject(r.id, ErrorCode::already_in_room, r.type);
    if (!may_see(m.user, live->room, graph_))
        return connections_.reject(r.id, ErrorCode::ping_cannot_join, r.type);
    const auto now = options_.steady_now();
    auto bucket = pings_.try_emplace(me, kPingBurst, kPingsPerSecond, now).first;
    if (!bucket->second.take(now))
        return connections_.reject(r.id, ErrorCode::rate_limited, r.type);
    notify({m.user, "ping", me, live->room.id(), live->room.title(), options_.unix_now()});
}

void SocialIntents::handle(Request& r, const protocol::ListNotifications&) {
    connections_.send(
        r.id, protocol::Notifications{store_.notifications(r.user()), store_.unread(r.user())});
}

void SocialIntents::handle(Request& r, const protocol::MarkNotificationsRead& m) {
    store_.mark_read(r.user(), m.up_to);
    // Every tab shows the same list and count.
    connections_.send_user(
        r.user(), protocol::Notifications{store_.notifications(r.user()), store_.unread(r.user())});
}

void SocialIntents::notify(const storage::NewNotification& n) {
    const std::int64_t id = storage::insert_notification(store_.database(), n);
    if (connections_.count_of(n.user) == 0) return;
    if (auto item = store_.notification(id))
        connections_.send_user(n.user, protocol::NotificationEvent{*item, store_.unread(n.user)});
}

protocol::Social SocialIntents::social_state(UserId user) {
    protocol::Social out;
    const auto& following = graph_.following(user);
    out.following.assign(following.begin(), following.end());
    std::sort(out.following.begin(), out.following.end());
    const auto& blocked = graph_.blocked_by_me(user);
    out.blocked.assign(blocked.begin(), blocked.end());
    std::sort(out.blocked.begin(), out.blocked.end());
    out.places = hallway_.places_for(user);
    out.unread = store_.unread(user);
    return out;
}

void SocialIntents::send_social(UserId user) {
    if (connections_.count_of(user) == 0) return;
    connections_.send_user(user, social_state(user));
}

void SocialIntents::signed_in(ConnectionId id, UserId user) {
    auto state = social_state(user);
    if (state.following.empty() && state.blocked.empty() && state.unread == 0) return;
    connections_.send(id, state);
}

void SocialIntents::signed_up(UserId user) {
    auto record = accounts_.user(user);
    if (!record) return;
    auto invited_by = accounts_.profile(record->handle);
    const auto* profile = std::get_if<protocol::Profile>(&invited_by);
    if (!profile || !profile->invited_by) return;
    const UserId inviter = profile->invited_by->id;
    // Sign-up stored the notification with the new user (storage/store.cpp).
    if (connections_.count_of(inviter) == 0) return;
    auto items = store_.notifications(inviter);
    if (!items.empty() && items.front().kind == "invite_used" && items.front().from.id == user)
        connections_.send_user(inviter,
                               protocol::NotificationEvent{items.front(), store_.unread(inviter)});
}

void SocialIntents::seat_changed(UserId user, const std::optional<std::string>& room) {
    const auto& followers = graph_.followers(user);
    if (followers.empty()) return;
    LiveRoom* live = room ? rooms_.find(*room) : nullptr;
    const room::Member* member = live ? live->room.find(user) : nullptr;
    std::optional<protocol::User> who;
    if (member) {
        who = protocol::User{member->id, member->handle, member->name};
    } else if (auto found = accounts_.user(user)) {
        who = *found;
    }
    if (!who) return;
    for (UserId follower : followers) {
        if (connections_.count_of(follower) == 0) continue;
        const bool visible = live && may_see(follower, live->room, graph_);
        connections_.send_user(
            follower, protocol::FriendMoved{*who, visible ? room : std::optional<std::string>{}});
    }
}

void SocialIntents::forget_refilled(Clock::time_point now) {
    std::erase_if(pings_, [&](const auto& entry) { return entry.second.full(now); });
}

}  // namespace salotto::service
