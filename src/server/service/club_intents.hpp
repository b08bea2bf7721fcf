// Clubs (docs/protocol.md, "Clubs"): creating and editing clubs, following them,
// invitations and requests, roles and removals. Every decision is
// core/social/clubs.hpp's rule applied to the club directory; each change is written to
// SQLite (storage/club_store.hpp) and to the directory together, then pushed: the
// club's page to the person acting, the person concerned and the club's connected
// leaders and admins (who see pending invitations and requests), and `clubs` to those
// whose own place changed. Rooms opened in a club are RoomIntents' (create_room's
// `club`); who may join them is room_access.hpp's.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "core/protocol/messages.hpp"
#include "core/social/clubs.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/social_graph.hpp"
#include "server/storage/club_store.hpp"
#include "server/storage/event_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class ClubIntents {
  public:
    // Loads the clubs into `clubs`.
    ClubIntents(auth::Accounts& accounts, storage::Store& store, Connections& connections,
                LiveRooms& rooms, const SocialGraph& graph, ClubDirectory& clubs,
                const ServiceOptions& options);

    void handle(Request& r, const protocol::CreateClub& m);
    void handle(Request& r, const protocol::UpdateClub& m);
    void handle(Request& r, const protocol::GetClub& m);
    void handle(Request& r, const protocol::ListClubs& m);
    void handle(Request& r, const protocol::FollowClub& m);
    void handle(Request& r, const protocol::InviteToClub& m);
    void handle(Request& r, const protocol::AnswerClubInvite& m);
    void handle(Request& r, const protocol::RequestClub& m);
    void handle(Request& r, const protocol::AnswerClubRequest& m);
    void handle(Request& r, const protocol::SetClubRole& m);
    void handle(Request& r, const protocol::RemoveClubMember& m);
    void handle(Request& r, const protocol::LeaveClub& m);

    // The club's page as `viewer` sees it.
    protocol::ClubPage page(const Club& club, UserId viewer);
    // `user`'s clubs and invitations.
    protocol::MyClubs clubs_of(UserId user) const;
    // The club's picture is now version `avatar` (0: none; club_pictures.hpp stored
    // it): its leaders and admins get the page, everyone connected with a place in it
    // their `clubs`.
    void picture_changed(std::int64_t club, std::int64_t avatar);

  private:
    // The club, or nothing after rejecting the request with club_not_found.
    Club* find(Request& r, std::int64_t id);
    // Whether the requester may do `action` in `club`; rejects the request when not.
    bool allowed(Request& r, const Club& club, social::ClubAction action);
    // Gives `user` `role` (none: no place) in the store and the directory; becoming a
    // member ends what was pending.
    void set_role(Club& club, UserId user, social::ClubRole role);
    void set_pending(Club& club, UserId user, bool invited);
    void drop_pending(Club& club, UserId user);
    // Pushes what changed: the page to `concerned` and the club's leaders and admins,
    // `clubs` to `concerned`.
    void changed(Club& club, std::initializer_list<UserId> concerned);

    auth::Accounts& accounts_;
    storage::ClubStore store_;
    storage::EventStore events_;  // the club page's upcoming events
    Connections& connections_;
    LiveRooms& rooms_;
    const SocialGraph& graph_;
    ClubDirectory& clubs_;
    const ServiceOptions& options_;
};

}  // namespace salotto::service
