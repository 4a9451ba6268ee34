module example.com/bench_big

go 1.21
