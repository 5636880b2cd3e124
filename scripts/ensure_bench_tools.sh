#!/usr/bin/env bash
# What `make bench` needs besides PostgreSQL and Redis: wrk (the load
# generator) and nginx (the static-file ceiling). On a Debian/Ubuntu machine
# where one is missing, install it; the bench starts its own nginx on
# 127.0.0.1 with a configuration of its own, never the system's service.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "!! ${missing[*]} manque et cette machine n'a pas apt-get : installez-le à la main." >&2
        exit 1
    fi
    echo ">> Installation de ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
