// Command bench_big links a large share of the standard library so that the
// benchmark has a realistic 15-20 MB Go wasm binary to analyse.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"debug/dwarf"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	htmltemplate "html/template"
	"image/gif"
	"image/jpeg"
	"image/png"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/rpc"
	"net/smtp"
	"os"
	"regexp"
	"text/template"
	"time"
)

// keep stops the linker from dropping what main does not call on every path.
var keep = []any{
	zip.NewWriter, gzip.NewReader, ecdsa.GenerateKey, elliptic.P384, x509.ParseCertificate,
	sql.Open, json.Marshal, xml.Marshal, format.Source, types.NewChecker, htmltemplate.New,
	template.New, gif.Decode, jpeg.Decode, png.Encode, mail.ParseAddress, smtp.Dial,
	regexp.MustCompile, httptest.NewServer, tls.Dial, http.ListenAndServe, time.Now,
	tar.NewReader, dwarf.New, elf.Open, macho.Open, pe.Open, gob.NewEncoder, doc.New, printer.Fprint,
	slog.New, rpc.NewServer,
}

func main() {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "x.go", "package x\nfunc F() int { return 1 }", 0)
	if err != nil {
		os.Exit(1)
	}
	conf := types.Config{}
	_, _ = conf.Check("x", fset, []*ast.File{file}, nil)
	n, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	_, _ = http.NewRequest("GET", "http://localhost/"+n.String(), nil)
	if len(os.Args) > 5 {
		println(len(keep))
	}
}
