#!/usr/bin/env bash
# Makes the loopback TLS material the tests, dev mode and benchmarks serve audio and webhooks with.
# localhost.p12: key + self-signed certificate for localhost / 127.0.0.1 / ::1 (servers)
# truststore.p12: that certificate alone (clients: -Djavax.net.ssl.trustStore=.../truststore.p12)
# Password of both: changeit. Valid 100 years. Never use outside loopback.
set -euo pipefail
cd "$(dirname "$0")"
rm -f localhost.p12 truststore.p12 localhost.crt
keytool -genkeypair -alias localhost -keyalg EC -groupname secp256r1 -validity 36500 \
  -dname "CN=localhost" -ext "SAN=dns:localhost,ip:127.0.0.1,ip:::1" \
  -keystore localhost.p12 -storetype PKCS12 -storepass changeit -keypass changeit
keytool -exportcert -alias localhost -keystore localhost.p12 -storepass changeit -rfc -file localhost.crt
keytool -importcert -noprompt -alias localhost -file localhost.crt \
  -keystore truststore.p12 -storetype PKCS12 -storepass changeit
