#!/bin/bash
# After-install script of the callscope .deb (electron-builder `deb.afterInstall`), run as root.
# electron-builder fills in ${executable} and ${sanitizedProductName} and uses this file INSTEAD of its
# own template, so the first part repeats that template's steps (command link, chrome-sandbox, desktop
# database, AppArmor profile). Any other dollar-brace macro would stop electron-builder: shell
# variables below are written $NAME, without braces.
#
# The last part grants live-capture rights to the capture helper only, never to Electron
# (docs/adr/0002-capture-helper.md): cap_net_raw opens the capture socket, cap_net_admin sets
# promiscuous mode and the capture buffer.

APP_DIR='/opt/${sanitizedProductName}'
COMMAND='/usr/bin/${executable}'

# The command on PATH.
if type update-alternatives >/dev/null 2>&1; then
    if [ -L "$COMMAND" ] && [ -e "$COMMAND" ] && [ "$(readlink "$COMMAND")" != '/etc/alternatives/${executable}' ]; then
        rm -f "$COMMAND"
    fi
    update-alternatives --install "$COMMAND" '${executable}' "$APP_DIR/${executable}" 100 ||
        ln -sf "$APP_DIR/${executable}" "$COMMAND"
else
    ln -sf "$APP_DIR/${executable}" "$COMMAND"
fi

# Chromium's sandbox: the SUID helper only where unprivileged user namespaces don't work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
    chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24.04 and later), when this AppArmor understands it.
if apparmor_status --enabled >/dev/null 2>&1; then
    PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
    PROFILE_TARGET='/etc/apparmor.d/${executable}'
    if apparmor_parser --skip-kernel-load --debug "$PROFILE_SOURCE" >/dev/null 2>&1; then
        cp -f "$PROFILE_SOURCE" "$PROFILE_TARGET"
        if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
            apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_TARGET"
        fi
    else
        echo "callscope: skipping the AppArmor profile (this AppArmor does not support it)"
    fi
fi

# Live capture: file capabilities on the helper. Never fatal: without them the app still reads
# capture files, and live capture says how to get the rights.
HELPER="$APP_DIR/resources/callscope-capture"
if [ -f "$HELPER" ]; then
    chown root:root "$HELPER" || true
    chmod 0755 "$HELPER" || true
    if command -v setcap >/dev/null 2>&1; then
        if ! setcap cap_net_raw,cap_net_admin=eip "$HELPER"; then
            echo "callscope: could not set capture capabilities on $HELPER (does this filesystem support them?);" \
                "live capture needs root until then" >&2
        fi
    else
        echo "callscope: setcap not found (package libcap2-bin); live capture needs root until it is run:" \
            "sudo setcap cap_net_raw,cap_net_admin=eip $HELPER" >&2
    fi
fi

exit 0
