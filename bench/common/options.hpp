// Command-line options of the load generators: "--name value" pairs read by name.
#pragma once

#include <string>
#include <vector>

namespace salotto::bench {

// The value after `name` in `args`, or `fallback` when `name` is not there.
inline std::string option(const std::vector<std::string>& args, const std::string& name,
                          const std::string& fallback) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return fallback;
}

}  // namespace salotto::bench
