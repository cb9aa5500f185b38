#!/bin/sh
# Renders the tray icons' SVGs to the PNGs the app ships (Qt here has no SVG plugin):
# 16 and 22 px for the tray itself, 32 and 44 px for 2x screens. Needs ImageMagick.
# usage: resources/tray/render.sh
set -eu
cd "$(dirname "$0")"
for state in idle running failing; do
    for size in 16 22 32 44; do
        # Rendered large and scaled down: ImageMagick's own SVG renderer antialiases poorly.
        convert -background none -density $((96 * size / 22 * 4)) "jobpulse-$state.svg" \
            -resize "${size}x${size}" "PNG32:jobpulse-$state-$size.png"
    done
done
