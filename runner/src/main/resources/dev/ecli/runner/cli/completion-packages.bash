
# ---------------------------------------------------------------------------------------------
# ecli-java: package names and package parameters
#
# The functions above know ecli-java's own options. Two things only ecli-java itself knows:
# the packages found by name (`ecli-java list`), and the options a package adds to `run`
# after PACKAGE (one per .rodata global of its object). They come from the hidden command
# `ecli-java __complete`, run with the same ecli-java being completed; a package's options are
# cached per directory, package and package mtime, so repeated Tabs start no JVM.

# Options of each command that take a value (so the word after one is not PACKAGE).
@ARG_OPTIONS@

_ecli_java_ask() {
  local cmd=${COMP_WORDS[0]}
  cmd=${cmd/#\~/$HOME}
  "$cmd" __complete "$@" 2>/dev/null
}

# Appends the lines of $1 to COMPREPLY.
_ecli_java_reply() {
  local IFS=$'\n'
  COMPREPLY+=( $1 )
}

_ecli_java_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local sub="" pkg="" argopts="" i w
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w=${COMP_WORDS[i]}
    if [[ -z $sub ]]; then
      case $w in
        -*) ;;
@SUBCOMMAND_CASES@
        *) break ;;
      esac
    elif [[ $w == -* ]]; then
      [[ $argopts == *" $w "* ]] && (( i++ ))
    else
      pkg=$w
      break
    fi
  done
  if [[ -z $sub ]]; then
    _complete_ecli-java "$@"
    return
  fi
  if [[ -z $pkg && $cur != -* && $argopts != *" $prev "* ]]; then
    # PACKAGE: files, and the names of packages on the search path.
    _complete_ecli-java "$@"
    _ecli_java_reply "$(_ecli_java_ask packages -- "$cur")"
    return 0
  fi
  if [[ $sub == run && -n $pkg ]]; then
    if [[ $cur == -* ]]; then
      local key="$PWD|$pkg|$(stat -L -c %Y -- "$pkg" 2>/dev/null)"
      if [[ $key != "${_ecli_java_cached_key-}" || -z ${_ecli_java_cached_options-} ]]; then
        _ecli_java_cached_options=$(_ecli_java_ask options -- "$pkg")
        _ecli_java_cached_key=$key
      fi
      COMPREPLY=()
      _ecli_java_reply "$(compgen -W "$_ecli_java_cached_options" -- "$cur")"
      return 0
    fi
    if [[ $prev == -* && $argopts != *" $prev "* ]]; then
      # The value of a package parameter: an enum's names, true/false.
      COMPREPLY=()
      _ecli_java_reply "$(_ecli_java_ask values -- "$pkg" "$prev" "$cur")"
      (( ${#COMPREPLY[@]} > 0 )) && return 0
    fi
  fi
  _complete_ecli-java "$@"
}

complete -F _ecli_java_complete -o default ecli-java
