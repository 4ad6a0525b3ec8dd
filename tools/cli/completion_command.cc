#include "tools/cli/completion_command.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli/invocation.h"
#include "tools/cli/settings.h"

namespace stablecut::cli {
namespace {

// What an option's value completes to, beyond nothing: CLI11 keeps its IsMember lists
// inside validators it does not show, so the choices are named here, next to the files.
std::map<std::string, std::string> ValueWords() {
  return {{"--output", "text json"}, {"--state", "draft pre-release stable"}};
}
// Likewise for positionals with fixed choices; TAG completes from the candidates instead.
std::map<std::string, std::string> PositionalWords() { return {{"SHELL", "bash"}}; }

struct Command {
  std::string path;                 // "candidates list"; "" for the top level
  std::vector<std::string> options;  // its long names, with the ones it inherits
  std::vector<std::string> subcommands;
  bool takes_tag = false;            // a TAG positional
  std::string positional_words;      // a positional's fixed choices
};

void Walk(CLI::App const& app, std::string const& path, std::vector<std::string> inherited,
          std::vector<Command>& out, std::set<std::string>& with_value,
          std::set<std::string>& file_valued) {
  Command command;
  command.path = path;
  for (CLI::Option const* option : app.get_options()) {
    if (option->get_positional() && !option->nonpositional()) {
      if (option->get_name() == "TAG") command.takes_tag = true;
      auto const choices = PositionalWords();
      if (auto words = choices.find(option->get_name()); words != choices.end()) {
        command.positional_words = words->second;
      }
      continue;
    }
    for (auto const& name : option->get_lnames()) {
      std::string flag = "--" + name;
      if (std::find(inherited.begin(), inherited.end(), flag) == inherited.end()) {
        inherited.push_back(flag);
      }
      if (option->get_expected_max() == 0) continue;  // a flag (add_flag: expected(0))
      with_value.insert(flag);
      if (option->get_type_name() == "FILE") file_valued.insert(flag);
    }
  }
  command.options = inherited;
  for (CLI::App const* sub : app.get_subcommands([](CLI::App const*) { return true; })) {
    command.subcommands.push_back(sub->get_name());
    Walk(*sub, path.empty() ? sub->get_name() : absl::StrCat(path, " ", sub->get_name()),
         inherited, out, with_value, file_valued);
  }
  out.push_back(std::move(command));
}

std::string Words(std::vector<std::string> const& words) { return absl::StrJoin(words, " "); }

}  // namespace

std::string BashCompletion(CLI::App const& app) {
  std::vector<Command> commands;
  std::set<std::string> with_value, file_valued;
  Walk(app, "", {}, commands, with_value, file_valued);

  std::string script = absl::StrCat(
      "# bash completion for stablecut (written by `stablecut completion bash`).\n"
      "# Load it now: source <(stablecut completion bash); for every shell: save it as\n"
      "# ~/.local/share/bash-completion/completions/stablecut. Tags complete from\n"
      "# `stablecut candidates list`, with the settings of the environment or the config file.\n"
      "_stablecut() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\" path=\"\" word i skip=0\n"
      "  local with_value=\" ",
      absl::StrJoin(with_value, " "),
      " \"\n"
      "  (( COMP_CWORD > 0 )) && prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      "    word=\"${COMP_WORDS[i]}\"\n"
      "    if (( skip )); then skip=0; continue; fi\n"
      "    case \"$word\" in\n"
      "      --*=*) ;;\n"
      "      -*) [[ \"$with_value\" == *\" $word \"* ]] && skip=1 ;;\n"
      "      *) _stablecut_is_command \"${path:+$path }$word\" &&\n"
      "           path=\"${path:+$path }$word\" ;;\n"
      "    esac\n"
      "  done\n"
      "  if [[ \"$with_value\" == *\" $prev \"* ]]; then\n"
      "    case \"$prev\" in\n");
  for (auto const& [option, words] : ValueWords()) {
    absl::StrAppend(&script, "      ", option, ") COMPREPLY=($(compgen -W \"", words,
                    "\" -- \"$cur\")) ;;\n");
  }
  if (!file_valued.empty()) {
    absl::StrAppend(&script, "      ", absl::StrJoin(file_valued, "|"),
                    ") COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n");
  }
  absl::StrAppend(&script,
                  "      *) COMPREPLY=() ;;\n"
                  "    esac\n"
                  "    return 0\n"
                  "  fi\n"
                  "  local options=\"\" subcommands=\"\" tags=0\n"
                  "  case \"$path\" in\n");
  for (auto const& command : commands) {
    absl::StrAppend(&script, "    \"", command.path, "\") options=\"", Words(command.options),
                    "\"; subcommands=\"",
                    command.positional_words.empty() ? Words(command.subcommands)
                                                     : command.positional_words,
                    "\"; tags=", command.takes_tag ? 1 : 0, " ;;\n");
  }
  absl::StrAppend(
      &script,
      "  esac\n"
      "  if [[ \"$cur\" == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
      "  elif [[ -n \"$subcommands\" ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$subcommands\" -- \"$cur\"))\n"
      "  elif (( tags )); then\n"
      "    local listed\n"
      "    listed=$(\"${COMP_WORDS[0]}\" candidates list --limit 30 --output json --timeout 5s "
      "2>/dev/null | grep -o '\"tag\": *\"[^\"]*\"' | sed 's/.*\"\\([^\"]*\\)\"$/\\1/')\n"
      "    COMPREPLY=($(compgen -W \"$listed\" -- \"$cur\"))\n"
      "  fi\n"
      "  return 0\n"
      "}\n"
      "_stablecut_is_command() {\n"
      "  case \"$1\" in\n");
  for (auto const& command : commands) {
    if (command.path.empty()) continue;
    absl::StrAppend(&script, "    \"", command.path, "\") return 0 ;;\n");
  }
  absl::StrAppend(&script,
                  "  esac\n"
                  "  return 1\n"
                  "}\n"
                  "complete -F _stablecut stablecut\n");
  return script;
}

void AddCompletionCommand(CLI::App& app, Invocation& invocation, Action& chosen) {
  CLI::App* completion =
      app.add_subcommand("completion", "Print a shell completion script (bash)");
  auto shell = std::make_shared<std::string>();
  completion->add_option("SHELL", *shell, "The shell: bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  completion->callback([&app, &invocation, &chosen, shell] {
    chosen = [&app, &invocation, shell]() -> absl::Status {
      invocation.out() << BashCompletion(app) << std::flush;
      return absl::OkStatus();
    };
  });
}

}  // namespace stablecut::cli
