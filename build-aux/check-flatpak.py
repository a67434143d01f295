#!/usr/bin/env python3
"""Checks that both Flatpak manifests are valid JSON naming the right
application id, command, runtime and finish-args."""
import json
import sys
from pathlib import Path

top = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
expect = {
    "io.github.plumbline.Plumbline.json": ("io.github.plumbline.Plumbline", None),
    "io.github.plumbline.Plumbline.Devel.json": ("io.github.plumbline.Plumbline.Devel", "-Dprofile=development"),
}
required_args = ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"]
failures = []

for name, (app_id, config_opt) in expect.items():
    path = top / "flatpak" / name
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        failures.append(f"{path}: not valid JSON ({e})")
        continue
    if manifest.get("id", manifest.get("app-id")) != app_id:
        failures.append(f"{name}: id should be {app_id}")
    if manifest.get("command") != "plumbline":
        failures.append(f"{name}: command should be plumbline")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        failures.append(f"{name}: runtime should be org.gnome.Platform with org.gnome.Sdk")
    for arg in required_args:
        if arg not in manifest.get("finish-args", []):
            failures.append(f"{name}: finish-args lacks {arg}")
    modules = manifest.get("modules", [])
    app = [m for m in modules if isinstance(m, dict) and m.get("name") == "plumbline"]
    if len(app) != 1:
        failures.append(f"{name}: should build exactly one module, plumbline")
    elif config_opt and config_opt not in app[0].get("config-opts", []):
        failures.append(f"{name}: config-opts lacks {config_opt}")

for f in failures:
    print(f)
if not failures:
    print("both Flatpak manifests are valid")
sys.exit(1 if failures else 0)
