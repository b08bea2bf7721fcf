// Live-region news from state changes; see announcer.hpp.
#include "client/announcer.hpp"

#include "client/audio_report.hpp"

namespace salotto::client {

std::vector<std::string> Announcer::update(const AppState& state, double now) {
    std::vector<std::string> out;
    const Lang lang = state.lang;
    const bool first = !started_;
    started_ = true;

    // Errors and notices: each new one once.
    if (state.error != error_) {
        if (state.error && !first)
            out.push_back(error_text(lang, state.error->code, state.error->message));
        error_ = state.error;
    }
    if (state.notice != notice_) {
        if (!state.notice.empty() && !first) out.push_back(state.notice);
        notice_ = state.notice;
    }

    const std::string room = state.room ? state.room->id : std::string();
    const protocol::UserId self = state.user ? state.user->id : 0;
    if (room != room_) {
        // Entering (or leaving) a room: its people are not news, the room is.
        room_ = room;
        members_.clear();
        speaking_since_.clear();
        speaking_announced_.clear();
        if (state.room && !first)
            out.push_back(tr(lang, "announce.in_room", {{"title", state.room->title}}));
        if (state.room)
            for (const auto& m : state.room->members) members_[m.id] = {m.name, m.hand};
        return out;
    }
    if (!state.room) return out;

    std::map<protocol::UserId, Seen> now_members;
    std::vector<std::string> joined, left, hands;
    for (const auto& m : state.room->members) {
        now_members[m.id] = {m.name, m.hand};
        auto before = members_.find(m.id);
        if (m.id == self) continue;  // one's own doings are not news
        if (before == members_.end()) joined.push_back(m.name);
        if (m.hand && (before == members_.end() || !before->second.hand)) hands.push_back(m.name);
    }
    for (const auto& [id, seen] : members_)
        if (id != self && !now_members.count(id)) left.push_back(seen.name);
    members_ = std::move(now_members);
    if (joined.size() > kNamesAtOnce)
        out.push_back(trn(lang, "announce.joined_many", static_cast<long long>(joined.size())));
    else
        for (const auto& name : joined)
            out.push_back(tr(lang, "announce.joined", {{"name", name}}));
    if (left.size() > kNamesAtOnce)
        out.push_back(trn(lang, "announce.left_many", static_cast<long long>(left.size())));
    else
        for (const auto& name : left) out.push_back(tr(lang, "announce.left", {{"name", name}}));
    for (const auto& name : hands) out.push_back(tr(lang, "announce.hand", {{"name", name}}));

    // Speaking: heard for kSpeakingMinSeconds without a break, and not announced in
    // the last kSpeakingRepeatSeconds.
    for (const auto& m : state.room->members) {
        if (m.id == self) continue;
        if (speaking_level(state, m) <= kSpeakingFloorLevel) {
            speaking_since_.erase(m.id);
            continue;
        }
        const double since = speaking_since_.emplace(m.id, now).first->second;
        if (now - since < kSpeakingMinSeconds) continue;
        auto last = speaking_announced_.find(m.id);
        if (last != speaking_announced_.end() && now - last->second < kSpeakingRepeatSeconds)
            continue;
        speaking_announced_[m.id] = now;
        out.push_back(tr(lang, "announce.speaking", {{"name", m.name}}));
    }
    for (auto it = speaking_since_.begin(); it != speaking_since_.end();)
        it = members_.count(it->first) ? std::next(it) : speaking_since_.erase(it);
    return out;
}

}  // namespace salotto::client
