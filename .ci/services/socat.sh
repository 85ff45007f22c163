# The serial-port tests drive System.IO.Ports through real pseudo-terminals made by socat.
command -v socat >/dev/null 2>&1 || ci_apt_install socat || { echo "CI: socat could not be installed"; return 1; }
