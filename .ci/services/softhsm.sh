# SoftHSM: a PKCS#11 token (in a temporary folder) holding the test PAI and PAA keys as non-extractable, sensitive
# private key objects, for the tests that sign DACs through pkcs11: URIs. Exports what they need:
#   MATTERMFG_TEST_PKCS11_MODULE    the SoftHSM PKCS#11 module (libsofthsm2.so)
#   MATTERMFG_TEST_PKCS11_TOKEN     the token label
#   MATTERMFG_TEST_PKCS11_PIN_FILE  an owner-only file holding the user PIN (random per run)
#   SOFTHSM2_CONF                   SoftHSM's configuration, pointing at the temporary token folder
# Objects: label pai-key (id 01, the key of Chip-Test-PAI-FFF1-8000), label paa-key (id 02, Chip-Test-PAA-FFF1).
# Usable by hand too: `source .ci/services/softhsm.sh` after defining ci_apt_install and ci_on_exit (see .ci/run).
{ command -v softhsm2-util >/dev/null 2>&1 && command -v pkcs11-tool >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; } \
  || ci_apt_install softhsm2 opensc openssl || { echo "CI: softhsm2/opensc/openssl could not be installed"; return 1; }
softhsm_module=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so; do
  [ -e "$m" ] && { softhsm_module="$m"; break; }
done
[ -n "$softhsm_module" ] || { echo "CI: libsofthsm2.so not found"; return 1; }
softhsm_dir="$(mktemp -d)"
ci_on_exit "rm -rf '$softhsm_dir'"
mkdir -p "$softhsm_dir/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' "$softhsm_dir" > "$softhsm_dir/softhsm2.conf"
export SOFTHSM2_CONF="$softhsm_dir/softhsm2.conf"
softhsm_pin="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
(umask 077 && printf '%s\n' "$softhsm_pin" > "$softhsm_dir/user.pin")
softhsm_vectors="tests/MatterMfg.Tests/vectors/matter/attestation"
softhsm2-util --init-token --free --label mattermfg-test --so-pin "$softhsm_pin$softhsm_pin" --pin "$softhsm_pin" >/dev/null \
  && softhsm2-util --import tests/MatterMfg.Tests/vectors/attestation-formats/pai-key-pkcs8.pem --token mattermfg-test --label pai-key --id 01 --pin "$softhsm_pin" >/dev/null \
  && openssl pkcs8 -topk8 -nocrypt -in "$softhsm_vectors/Chip-Test-PAA-FFF1-Key.pem" -out "$softhsm_dir/paa.pem" \
  && softhsm2-util --import "$softhsm_dir/paa.pem" --token mattermfg-test --label paa-key --id 02 --pin "$softhsm_pin" >/dev/null \
  && rm -f "$softhsm_dir/paa.pem" \
  || { echo "CI: the SoftHSM test token could not be made"; return 1; }
unset softhsm_pin softhsm_vectors
export MATTERMFG_TEST_PKCS11_MODULE="$softhsm_module"
export MATTERMFG_TEST_PKCS11_TOKEN=mattermfg-test
export MATTERMFG_TEST_PKCS11_PIN_FILE="$softhsm_dir/user.pin"
