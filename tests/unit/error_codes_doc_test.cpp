// docs/protocol.md's "Error codes" table against src/core/error_code.hpp: the same
// codes in the same order, so the table people read cannot drift from the one the
// server sends. The codes come from the X-macro table itself, not from parsing C++.
#include "core/error_code.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace salotto {
namespace {

std::vector<std::string> codes_in_header() {
    return {
#define SALOTTO_X(name, wire, message) std::string(wire),
        SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
    };
}

// The first cell of each row of the table under "## Error codes", without its
// backticks: "| `bad_json` | the frame ... |" gives "bad_json".
std::vector<std::string> codes_in_docs(std::istream& doc) {
    std::vector<std::string> codes;
    std::string line;
    bool in_section = false;
    while (std::getline(doc, line)) {
        if (line.starts_with("## ")) {
            in_section = line == "## Error codes";
            continue;
        }
        if (!in_section || !line.starts_with("| `")) continue;
        const auto end = line.find('`', 3);
        if (end == std::string::npos) continue;
        codes.push_back(line.substr(3, end - 3));
    }
    return codes;
}

std::string joined(const std::vector<std::string>& codes) {
    std::ostringstream out;
    for (const auto& code : codes) out << code << ' ';
    return out.str();
}

TEST(ErrorCodesDoc, ProtocolMdListsEveryCodeInOrder) {
    std::ifstream doc(SALOTTO_DOCS_DIR "/protocol.md");
    ASSERT_TRUE(doc) << "cannot read " SALOTTO_DOCS_DIR "/protocol.md";
    const auto documented = codes_in_docs(doc);
    const auto declared = codes_in_header();
    ASSERT_FALSE(documented.empty()) << "no \"## Error codes\" table found in docs/protocol.md";

    for (const auto& code : declared)
        EXPECT_NE(std::find(documented.begin(), documented.end(), code), documented.end())
            << "error code '" << code
            << "' (src/core/error_code.hpp) is missing from docs/protocol.md's Error codes table";
    for (const auto& code : documented)
        EXPECT_TRUE(error_code_from_wire(code).has_value())
            << "docs/protocol.md lists '" << code
            << "', which src/core/error_code.hpp does not have";
    EXPECT_EQ(documented, declared)
        << "docs: " << joined(documented) << "\nheader: " << joined(declared);
}

}  // namespace
}  // namespace salotto
