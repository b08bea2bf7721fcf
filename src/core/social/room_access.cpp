// The room access rule; see room_access.hpp.
#include "core/social/room_access.hpp"

namespace salotto::social {

std::optional<ErrorCode> join_refusal(protocol::RoomType type, const Relation& relation) {
    if (relation.in_room) return std::nullopt;
    if (relation.blocked_by_stage) return ErrorCode::blocked;
    switch (type) {
        case protocol::RoomType::open:
            return std::nullopt;
        case protocol::RoomType::social:
            if (relation.followed_by_stage) return std::nullopt;
            return ErrorCode::room_social_only;
        case protocol::RoomType::closed:
            if (relation.let_in) return std::nullopt;
            return ErrorCode::room_closed;
    }
    return ErrorCode::room_closed;
}

}  // namespace salotto::social
