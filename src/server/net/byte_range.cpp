// HTTP byte ranges; see byte_range.hpp.
#include "server/net/byte_range.hpp"

#include <charconv>

namespace salotto::net {

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

RangeAnswer parse_range(std::string_view header, std::uint64_t size) {
    constexpr std::string_view kUnit = "bytes=";
    if (!header.starts_with(kUnit)) return {};
    const auto spec = header.substr(kUnit.size());
    if (spec.find(',') != std::string_view::npos) return {};
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return {};
    const auto first_text = spec.substr(0, dash);
    const auto last_text = spec.substr(dash + 1);
    if (first_text.empty()) {
        // bytes=-N: the last N bytes.
        const auto suffix = number(last_text);
        if (!suffix) return {};
        if (*suffix == 0 || size == 0) return {RangeAsk::unsatisfiable, {}};
        const auto length = std::min(*suffix, size);
        return {RangeAsk::range, {size - length, size - 1}};
    }
    const auto first = number(first_text);
    if (!first) return {};
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
        const auto asked = number(last_text);
        if (!asked || *asked < *first) return {};
        last = std::min(*asked, last);
    }
    if (*first >= size) return {RangeAsk::unsatisfiable, {}};
    return {RangeAsk::range, {*first, last}};
}

}  // namespace salotto::net
