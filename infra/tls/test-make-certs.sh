#!/usr/bin/env bash
# Tests infra/tls/make-certs.sh for real: runs it into temporary folders and checks the material with openssl,
# keytool and a JDK TLS handshake (TlsProbe.java, hostname verification on, as a Kafka Java client does).
# Prints one line per check and closes with "N passed, N failed"; exit status 1 when any check failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/make-certs-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { # check "what" command...
  local what=$1; shift
  if "$@" >"$work/last.log" 2>&1; then passed=$((passed + 1)); echo "ok   - $what"
  else failed=$((failed + 1)); echo "FAIL - $what"; sed 's/^/       /' "$work/last.log" | tail -5; fi
}
fails() { ! "$@"; }
make_certs() { # make_certs DIR [VAR=value ...]
  local dir=$1; shift
  env BROKER_UID= TLS_DIR="$dir" "$@" "$here/make-certs.sh"
}
secret_of() { grep "^$2=" "$1/secrets.env" | cut -d= -f2; }
fingerprints() { (cd "$1" && sha256sum ./* | sort); }
mode_of() { stat -c %a "$1"; }

T=$work/a
start=$(date +%s%N)
check "first run builds everything (EXTERNAL_IP=127.0.0.1)" make_certs "$T" EXTERNAL_IP=127.0.0.1
echo "       first run took $((($(date +%s%N) - start) / 1000000)) ms"
fingerprints "$T" >"$work/first.sums"
check "second run reports nothing changed" bash -c "$(declare -f make_certs); here='$here'; make_certs '$T' EXTERNAL_IP=127.0.0.1 | grep -q 'nothing changed'"
fingerprints "$T" >"$work/second.sums"
check "second run leaves every file byte-identical" cmp "$work/first.sums" "$work/second.sums"

pw=$(secret_of "$T" TLS_STORE_PASSWORD)
check "SAN of the broker certificate is IP:127.0.0.1" bash -c \
  "openssl x509 -in '$T/broker.crt' -noout -ext subjectAltName | grep -qx '[[:space:]]*IP Address:127.0.0.1'"
check "broker certificate verifies against the CA" openssl verify -CAfile "$T/ca.crt" "$T/broker.crt"
check "full chain = broker certificate then CA" bash -c "cat '$T/broker.crt' '$T/ca.crt' | cmp - '$T/broker-chain.pem'"
check "CA is a CA, broker certificate is not" bash -c \
  "openssl x509 -in '$T/ca.crt' -noout -ext basicConstraints | grep -q 'CA:TRUE' &&
   openssl x509 -in '$T/broker.crt' -noout -ext basicConstraints | grep -q 'CA:FALSE'"
check "keystore opens with the generated password: one key entry, chain of 2" bash -c \
  "keytool -list -v -keystore '$T/broker.keystore.p12' -storetype PKCS12 -storepass '$pw' >'$work/ks.txt' &&
   grep -q 'Your keystore contains 1 entry' '$work/ks.txt' && grep -q 'PrivateKeyEntry' '$work/ks.txt' &&
   grep -q 'Certificate chain length: 2' '$work/ks.txt'"
check "keystore refuses a wrong password" fails keytool -list -keystore "$T/broker.keystore.p12" -storetype PKCS12 -storepass wrong-password
check "truststore holds only the CA" bash -c \
  "keytool -list -keystore '$T/truststore.p12' -storetype PKCS12 -storepass '$pw' >'$work/ts.txt' &&
   grep -q 'Your keystore contains 1 entry' '$work/ts.txt' && grep -q 'trustedCertEntry' '$work/ts.txt' &&
   ca_fp=\$(openssl x509 -in '$T/ca.crt' -noout -fingerprint -sha256 | cut -d= -f2) &&
   grep -q \"\$ca_fp\" '$work/ts.txt'"
check "JAAS file lists every user with the password from secrets.env" bash -c \
  "for u in admin app validator clickpipes; do
     p=\$(grep \"^SASL_PASSWORD_\${u^^}=\" '$T/secrets.env' | cut -d= -f2); [[ -n \$p ]] || exit 1
     grep -q \"user_\$u=\\\"\$p\\\"\" '$T/broker_jaas.conf' || exit 1; done
   grep -q 'PlainLoginModule required' '$T/broker_jaas.conf' && tail -2 '$T/broker_jaas.conf' | head -1 | grep -q ';\$'"
check "broker credential files hold the store password" bash -c \
  "for f in kafka_keystore_creds kafka_ssl_key_creds kafka_truststore_creds; do [[ \$(cat '$T'/\$f) == '$pw' ]] || exit 1; done"
check "secrets are mode 600 (keys, keystore, JAAS, secrets.env, client properties)" bash -c \
  "for f in ca.key broker.key broker.keystore.p12 broker_jaas.conf secrets.env kafka_keystore_creds client-app.properties; do
     [[ \$(stat -c %a '$T'/\$f) == 600 ]] || { echo \"\$f is \$(stat -c %a '$T'/\$f)\"; exit 1; }; done"

# JDK TLS handshakes (what a Kafka Java client does, hostname verification on)
probe() { java -Xmx64m "$here/TlsProbe.java" "$@"; }
check "JDK client trusting the CA accepts the broker at 127.0.0.1 (hostname verification on)" \
  probe "$T/broker.keystore.p12" "$pw" "$T/truststore.p12" "$pw" 127.0.0.1
check "JDK client refuses the broker under a name not in the SAN (localhost)" \
  fails probe "$T/broker.keystore.p12" "$pw" "$T/truststore.p12" "$pw" localhost
O=$work/other-ca
make_certs "$O" EXTERNAL_IP=127.0.0.1 >/dev/null
check "JDK client trusting another CA refuses the broker" \
  fails probe "$T/broker.keystore.p12" "$pw" "$O/truststore.p12" "$(secret_of "$O" TLS_STORE_PASSWORD)" 127.0.0.1

# environment-given secrets, rotation, SAN change, bad input
R=$work/r
make_certs "$R" EXTERNAL_IP=127.0.0.1 KAFKA_SASL_USERS="admin app" SASL_PASSWORD_APP=given-by-env-1 >/dev/null
check "a password given in the environment is used as is" bash -c "[[ \$(grep '^SASL_PASSWORD_APP=' '$R/secrets.env') == SASL_PASSWORD_APP=given-by-env-1 ]]"
admin_before=$(secret_of "$R" SASL_PASSWORD_ADMIN)
make_certs "$R" EXTERNAL_IP=127.0.0.1 KAFKA_SASL_USERS="admin app" SASL_ROTATE=admin >/dev/null
check "SASL_ROTATE=admin gives admin a new password and keeps app's" bash -c \
  "[[ \$(grep '^SASL_PASSWORD_ADMIN=' '$R/secrets.env' | cut -d= -f2) != '$admin_before' ]] &&
   grep -q 'user_app=\"given-by-env-1\"' '$R/broker_jaas.conf'"
ca_before=$(sha256sum <"$R/ca.crt")
make_certs "$R" EXTERNAL_IP=127.0.0.1 EXTERNAL_DNS=kafka.example.test KAFKA_SASL_USERS="admin app" >/dev/null
check "a new EXTERNAL_DNS re-issues the broker certificate with both SANs, under the same CA" bash -c \
  "openssl x509 -in '$R/broker.crt' -noout -ext subjectAltName | grep -q 'DNS:kafka.example.test' &&
   openssl x509 -in '$R/broker.crt' -noout -ext subjectAltName | grep -q 'IP Address:127.0.0.1' &&
   [[ \$(sha256sum <'$R/ca.crt') == '$ca_before' ]] && openssl verify -CAfile '$R/ca.crt' '$R/broker.crt'"
check "the keystore follows the re-issued certificate" bash -c \
  "openssl pkcs12 -in '$R/broker.keystore.p12' -passin pass:$(secret_of "$R" TLS_STORE_PASSWORD) -nokeys -clcerts |
   openssl x509 -noout -ext subjectAltName | grep -q 'DNS:kafka.example.test'"
check "without EXTERNAL_IP/EXTERNAL_DNS it stops with a clear error and writes nothing" bash -c \
  "! env -u EXTERNAL_IP -u EXTERNAL_DNS TLS_DIR='$work/none' '$here/make-certs.sh' 2>'$work/err.txt' &&
   grep -q 'set EXTERNAL_IP and/or EXTERNAL_DNS' '$work/err.txt' && [[ ! -e '$work/none' ]]"
check "a password with a quote is refused (it would break the JAAS file)" bash -c \
  "! env TLS_DIR='$work/q' EXTERNAL_IP=127.0.0.1 BROKER_UID= SASL_PASSWORD_APP='bad\"pw' '$here/make-certs.sh' 2>'$work/err2.txt' &&
   grep -q 'SASL_PASSWORD_APP holds characters' '$work/err2.txt'"

# ps: every command line make-certs.sh starts, sampled while a first run builds the stores (keytool and openssl are
# the ones given the store password); none may show a password, as any user of the machine can read them
P=$work/ps
(export TLS_STORE_PASSWORD=store-pw-seen-by-ps-7c1; BROKER_UID= TLS_DIR="$P" EXTERNAL_IP=127.0.0.1 exec "$here/make-certs.sh") >/dev/null 2>&1 &
certs_pid=$!
while kill -0 "$certs_pid" 2>/dev/null; do ps -eo args= >>"$work/ps.txt"; done
wait "$certs_pid"
# (keytool runs long enough to be seen every time; openssl pkcs12 is often too quick, and checked when seen)
check "ps saw make-certs.sh run keytool on the trust store (a command that takes the store password)" \
  grep -q '^keytool .*truststore.p12' "$work/ps.txt"
check "no command line make-certs.sh ran shows a password ($(wc -l <"$work/ps.txt") ps lines)" bash -c \
  "! grep -F -e store-pw-seen-by-ps-7c1 $(sed -n 's/^\(SASL_PASSWORD_[A-Z0-9_]*\)=/-e /p' "$P/secrets.env" | tr '\n' ' ') '$work/ps.txt'"

echo "make-certs: $passed passed, $failed failed"
((failed == 0))
