// peer-gateway: Go grpc-gateway (Debian's v1.6.4) in front of samen-server, for
// bench/read_path.sh: the Partners API (samen.partners.v1.PartnersService) and
// the bench echo (samen.bench.v1.BenchService). A performance anchor for
// samen-gateway, not a product: no CORS, no rate limit, no ETag/304, no
// problem+json. JSON as samen-gateway renders it: proto3 JSON, lowerCamelCase
// names, enums as names, default values left out. The Authorization header goes
// to the backend as gRPC metadata "authorization" (grpc-gateway's runtime does
// that for Authorization by default).
//
// After ../shared/bench/peer-gateway/main.go (which also registers the old
// partners/v1 VacanciesService, no longer in that package).
package main

import (
	"context"
	"flag"
	"log"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	// google.rpc.BadRequest/ErrorInfo in samen-server's status details: without the
	// types registered the error body fails to marshal (500 "failed to marshal error message").
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"

	benchpb "peer/pb/benchv1"
	partnerspb "peer/pb/partnersv1"
)

func main() {
	backend := flag.String("backend", "127.0.0.1:9090", "samen-server gRPC address")
	listen := flag.String("listen", "127.0.0.1:8081", "HTTP listen address")
	flag.Parse()

	ctx := context.Background()
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.JSONPb{
			OrigName:     false, // lowerCamelCase, as samen-gateway (v1 default is snake_case)
			EmitDefaults: false,
			EnumsAsInts:  false,
		}),
	)
	opts := []grpc.DialOption{grpc.WithInsecure()}
	if err := partnerspb.RegisterPartnersServiceHandlerFromEndpoint(ctx, mux, *backend, opts); err != nil {
		log.Fatal(err)
	}
	if err := benchpb.RegisterBenchServiceHandlerFromEndpoint(ctx, mux, *backend, opts); err != nil {
		log.Fatal(err)
	}
	log.Printf("peer-gateway on %s -> %s", *listen, *backend)
	log.Fatal(http.ListenAndServe(*listen, mux))
}
