#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Rejects #include lines that point up the layer stack (CONVENTIONS rule 1).
# Order, lowest first: common field hash pcs piop zkml prov io cli.
top=${1:-.}
order="common field hash pcs piop zkml prov io cli"
rank() { i=0; for l in $order; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }
bad=0
for dir in "$top"/src/*/; do
  layer=$(basename "$dir"); r=$(rank "$layer")
  for f in "$dir"*.c "$dir"*.h; do
    [ -f "$f" ] || continue
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/.*".*/\1/p' "$f"); do
      [ "$inc" = zkprov ] && continue
      ir=$(rank "$inc")
      if [ "$ir" -gt "$r" ]; then echo "upward include: $f includes $inc/ ($layer may use only lower layers)"; bad=1; fi
    done
    for hdr in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"zkprov\/\([a-z_]*\)\.h".*/\1/p' "$f"); do
      case $hdr in zkprov|common|version) continue;; esac
      ir=$(rank "$hdr")
      [ "$ir" = 99 ] && continue
      if [ "$ir" -gt "$r" ]; then echo "upward include: $f includes zkprov/$hdr.h"; bad=1; fi
    done
  done
done
[ $bad = 0 ] && echo "layers ok"
exit $bad
