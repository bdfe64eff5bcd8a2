#!/usr/bin/env bash
# Builds the Go peer of bench/read_path.sh: grpc-gateway v1.6.4 from Debian in front of
# samen-server for samen.partners.v1.PartnersService and samen.bench.v1.BenchService.
# After the recipe in ../shared/bench/peer-gateway/ (README.md, build.sh), extended with
# the bench proto. Everything it generates or builds stays under $PEER (default
# /tmp/peer); it reads the project's protos and bench/read_path/peer/main.go only.
#
#   bench/read_path/build_peer.sh          # -> $PEER/bin/peer-gateway (~15 s)
#
# GOPATH mode, no modules, nothing downloaded. Needs the Debian packages golang-go
# golang-grpc-gateway golang-github-grpc-ecosystem-grpc-gateway-dev golang-google-grpc-dev
# golang-goprotobuf-dev protobuf-compiler (bench/read_path.sh installs them when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SAMEN=$(cd "$here/../.." && pwd)
PEER=${PEER:-/tmp/peer}
GA=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
for t in go protoc protoc-gen-go protoc-gen-grpc-gateway; do
  command -v "$t" >/dev/null || { echo "missing $t: apt-get install -y golang-go golang-grpc-gateway golang-github-grpc-ecosystem-grpc-gateway-dev golang-google-grpc-dev golang-goprotobuf-dev protobuf-compiler" >&2; exit 1; }
done
[ -d "$GA/google/api" ] || { echo "missing $GA: apt-get install -y golang-github-grpc-ecosystem-grpc-gateway-dev" >&2; exit 1; }

rm -rf "$PEER/proto" "$PEER/src" "$PEER/gen"
mkdir -p "$PEER/proto" "$PEER/gen" "$PEER/src/peer/cmd/peer-gateway" "$PEER/bin"
cp -r "$SAMEN/proto/samen" "$PEER/proto/"   # unchanged; Go packages come from M mappings

# The samen protos have no go_package, and protoc 3.21's well-known types name
# google.golang.org/protobuf packages, which Debian's golang/protobuf 1.3.5 world lacks:
# map every import onto a GOPATH package that the Debian packages provide.
M="Mgoogle/protobuf/timestamp.proto=github.com/golang/protobuf/ptypes/timestamp"
M+=",Mgoogle/protobuf/empty.proto=github.com/golang/protobuf/ptypes/empty"
M+=",Mgoogle/protobuf/duration.proto=github.com/golang/protobuf/ptypes/duration"
M+=",Mgoogle/protobuf/struct.proto=github.com/golang/protobuf/ptypes/struct"
M+=",Mgoogle/protobuf/wrappers.proto=github.com/golang/protobuf/ptypes/wrappers"
M+=",Mgoogle/protobuf/any.proto=github.com/golang/protobuf/ptypes/any"
M+=",Mgoogle/protobuf/descriptor.proto=github.com/golang/protobuf/protoc-gen-go/descriptor"
M+=",Mgoogle/protobuf/field_mask.proto=google.golang.org/genproto/protobuf/field_mask"
M+=",Mgoogle/api/annotations.proto=google.golang.org/genproto/googleapis/api/annotations"
M+=",Mgoogle/api/http.proto=google.golang.org/genproto/googleapis/api/annotations"
M+=",Msamen/api/httpbody.proto=google.golang.org/genproto/googleapis/api/httpbody"
M+=",Msamen/api/access.proto=peer/pb/samenapi"
for f in "$PEER"/proto/samen/partners/v1/*.proto; do
  M+=",Msamen/partners/v1/$(basename "$f")=peer/pb/partnersv1"
done
M+=",Msamen/bench/v1/bench.proto=peer/pb/benchv1"

cd "$PEER/proto"
inc=(-I. -I"$GA" -I/usr/include)
# protoc-gen-go 1.3 writes next to the .proto path (an M mapping is no go_package), the
# grpc-gateway plugin under the import path: generate into gen/, then move into GOPATH.
protoc "${inc[@]}" --go_out="$M:$PEER/gen" samen/api/access.proto
protoc "${inc[@]}" --go_out="plugins=grpc,$M:$PEER/gen" \
  --grpc-gateway_out="logtostderr=true,$M:$PEER/gen" samen/partners/v1/*.proto
protoc "${inc[@]}" --go_out="plugins=grpc,$M:$PEER/gen" \
  --grpc-gateway_out="logtostderr=true,$M:$PEER/gen" samen/bench/v1/bench.proto
mkdir -p "$PEER/src/peer/pb/samenapi" "$PEER/src/peer/pb/partnersv1" "$PEER/src/peer/pb/benchv1"
mv "$PEER"/gen/samen/api/access.pb.go "$PEER/src/peer/pb/samenapi/"
mv "$PEER"/gen/samen/partners/v1/*.pb.go "$PEER"/gen/peer/pb/partnersv1/*.pb.gw.go "$PEER/src/peer/pb/partnersv1/"
mv "$PEER"/gen/samen/bench/v1/*.pb.go "$PEER"/gen/peer/pb/benchv1/*.pb.gw.go "$PEER/src/peer/pb/benchv1/"

cp "$here/peer/main.go" "$PEER/src/peer/cmd/peer-gateway/main.go"
export GOPATH="$PEER:/usr/share/gocode" GO111MODULE=off GOFLAGS='' GOCACHE="$PEER/.gocache"
cd "$PEER/src"
go build -o "$PEER/bin/peer-gateway" peer/cmd/peer-gateway
echo "built $PEER/bin/peer-gateway"
