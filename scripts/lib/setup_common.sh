# Sourced by the set-up scripts (scripts/setup*.sh, bench/setup-compare.sh), so that each installs
# what is missing the same way. Needs bash; defines functions only.

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# missing_packages PKG...: prints, one a line, those of PKG... that dpkg does not list as installed.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

# apt_install_missing LABEL PKG...: installs, quietly, those of PKG... that are not installed yet.
apt_install_missing() {
  local label=$1
  shift
  local missing
  mapfile -t missing < <(missing_packages "$@")
  ((${#missing[@]})) || return 0
  echo "$label: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# pinned_venv LABEL VENV REQUIREMENTS PROBE...: (re)creates VENV from REQUIREMENTS, a file that pins
# every package (so pip resolves nothing: --no-deps), unless VENV has a python and PROBE... succeeds.
# A failed install leaves no half-made venv behind.
pinned_venv() {
  local label=$1 venv=$2 req=$3
  shift 3
  if [ -x "$venv/bin/python" ] && "$@" 2>/dev/null; then return 0; fi
  echo "$label: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$req" >&2 || {
    rm -rf "$venv"
    return 1
  }
}
