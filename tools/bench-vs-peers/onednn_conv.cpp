// One convolution through oneDNN (the v2 API of Debian's libdnnl-dev), timed; for bench_vs_peers.py.
//
//   onednn_conv DIRECTION ALL_IMPLS RUNS MIN_SECONDS N C OC GROUPS RANK  in.. k.. strides.. dilations.. before.. after..
//
// DIRECTION is fwd (forward inference), bwd_data (the input gradient) or bwd_weights (the filter
// gradient); spatial sizes are in D,H,W order; dilations are TensorFlow's (1 = dense). Prints one
// JSON object: oneDNN's implementation, the median time of the primitive alone on the layouts it
// chose ("ms"), and of the primitive with reorders from and to TensorFlow's plain layouts
// ("io_ms"). With ALL_IMPLS 1 every implementation oneDNN offers for the problem is timed and the
// fastest reported.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

using namespace dnnl;
using tag = memory::format_tag;

namespace {

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Median seconds of `work`: 3 untimed runs, then at least `runs` and enough to fill `min_seconds`.
double median_seconds(const std::function<void()> &work, stream &s, int runs, double min_seconds) {
  for (int i = 0; i < 3; i++) work();
  s.wait();
  std::vector<double> times;
  double start = seconds_now();
  while ((int)times.size() < runs || (seconds_now() - start < min_seconds && times.size() < 1000)) {
    double t0 = seconds_now();
    work();
    s.wait();
    times.push_back(seconds_now() - t0);
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  return n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
}

void fill_random(memory &m, unsigned seed) {
  float *p = static_cast<float *>(m.get_data_handle());
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  for (size_t i = 0, n = m.get_desc().get_size() / sizeof(float); i < n; i++) p[i] = uniform(gen);
}

// An argument of a primitive: the layout the primitive wants, and the plain-layout memory it comes from or goes to.
struct Operand {
  int arg;
  memory::desc wanted;
  memory plain;
  bool output;
};

struct Timing {
  double ms, io_ms;
};

Timing time_primitive(primitive prim, const std::vector<Operand> &operands, engine &eng, stream &s, int runs,
                      double min_seconds) {
  std::unordered_map<int, memory> args;
  std::vector<std::function<void()>> before, after;
  for (const Operand &op : operands) {
    if (op.wanted == op.plain.get_desc()) {
      args[op.arg] = op.plain;
      continue;
    }
    memory chosen(op.wanted, eng);
    args[op.arg] = chosen;
    memory plain = op.plain;
    if (op.output) {
      reorder back(chosen, plain);
      after.push_back([=, &s]() mutable { back.execute(s, chosen, plain); });
    } else {
      reorder in(plain, chosen);
      in.execute(s, plain, chosen);
      before.push_back([=, &s]() mutable { in.execute(s, plain, chosen); });
    }
  }
  s.wait();
  double alone = median_seconds([&] { prim.execute(s, args); }, s, runs, min_seconds);
  double with_io = median_seconds([&] {
    for (auto &f : before) f();
    prim.execute(s, args);
    for (auto &f : after) f();
  }, s, runs, min_seconds);
  return {alone * 1e3, with_io * 1e3};
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 10) {
    std::fprintf(stderr, "usage: %s fwd|bwd_data|bwd_weights ALL_IMPLS RUNS MIN_SECONDS N C OC GROUPS RANK "
                         "in.. k.. strides.. dilations.. before.. after..\n", argv[0]);
    return 2;
  }
  std::string direction = argv[1];
  bool all_impls = std::atoi(argv[2]) != 0;
  int runs = std::atoi(argv[3]);
  double min_seconds = std::atof(argv[4]);
  memory::dim n = std::atol(argv[5]), c = std::atol(argv[6]), oc = std::atol(argv[7]), groups = std::atol(argv[8]);
  int rank = std::atoi(argv[9]);
  if (argc != 10 + 6 * rank) {
    std::fprintf(stderr, "expected %d spatial numbers after RANK, got %d\n", 6 * rank, argc - 10);
    return 2;
  }
  auto spatial = [&](int block, int i) { return (memory::dim)std::atol(argv[10 + block * rank + i]); };
  memory::dims src_dims = {n, c}, dst_dims = {n, oc}, wei_dims, strides, dilations, before, after;
  wei_dims = groups > 1 ? memory::dims{groups, oc / groups, c / groups} : memory::dims{oc, c};
  for (int i = 0; i < rank; i++) {
    memory::dim in = spatial(0, i), k = spatial(1, i), st = spatial(2, i), d = spatial(3, i);
    memory::dim b = spatial(4, i), a = spatial(5, i);
    src_dims.push_back(in);
    dst_dims.push_back((in + b + a - (k - 1) * d - 1) / st + 1);
    wei_dims.push_back(k);
    strides.push_back(st);
    dilations.push_back(d - 1);  // oneDNN counts the gaps between taps
    before.push_back(b);
    after.push_back(a);
  }
  tag activations = rank == 1 ? tag::nwc : rank == 2 ? tag::nhwc : tag::ndhwc;
  tag weights = groups > 1 ? (rank == 1 ? tag::wigo : rank == 2 ? tag::hwigo : tag::dhwigo)
                           : (rank == 1 ? tag::wio : rank == 2 ? tag::hwio : tag::dhwio);
  using dt = memory::data_type;
  memory::desc src_any(src_dims, dt::f32, tag::any), dst_any(dst_dims, dt::f32, tag::any),
      wei_any(wei_dims, dt::f32, tag::any);
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  memory src({src_dims, dt::f32, activations}, eng), dst({dst_dims, dt::f32, activations}, eng),
      wei({wei_dims, dt::f32, weights}, eng);
  fill_random(src, 1);
  fill_random(dst, 2);
  fill_random(wei, 3);

  auto forward = [&](prop_kind kind) {
    return convolution_forward::primitive_desc(
        convolution_forward::desc(kind, algorithm::convolution_direct, src_any, wei_any, dst_any, strides, dilations,
                                  before, after),
        eng);
  };
  std::string best_impl;
  Timing best{INFINITY, INFINITY};
  auto consider = [&](const std::string &impl, Timing t) {
    if (t.ms < best.ms) {
      best = t;
      best_impl = impl;
    }
  };
  try {
    if (direction == "fwd") {
      auto pd = forward(prop_kind::forward_inference);
      do {
        consider(pd.impl_info_str(), time_primitive(convolution_forward(pd),
            {{DNNL_ARG_SRC, pd.src_desc(), src, false}, {DNNL_ARG_WEIGHTS, pd.weights_desc(), wei, false},
             {DNNL_ARG_DST, pd.dst_desc(), dst, true}}, eng, s, runs, min_seconds));
      } while (all_impls && pd.next_impl());
    } else if (direction == "bwd_data") {
      auto hint = forward(prop_kind::forward_training);
      auto pd = convolution_backward_data::primitive_desc(
          convolution_backward_data::desc(algorithm::convolution_direct, src_any, wei_any, dst_any, strides, dilations,
                                          before, after), eng, hint);
      do {
        consider(pd.impl_info_str(), time_primitive(convolution_backward_data(pd),
            {{DNNL_ARG_DIFF_DST, pd.diff_dst_desc(), dst, false}, {DNNL_ARG_WEIGHTS, pd.weights_desc(), wei, false},
             {DNNL_ARG_DIFF_SRC, pd.diff_src_desc(), src, true}}, eng, s, runs, min_seconds));
      } while (all_impls && pd.next_impl());
    } else if (direction == "bwd_weights") {
      auto hint = forward(prop_kind::forward_training);
      auto pd = convolution_backward_weights::primitive_desc(
          convolution_backward_weights::desc(algorithm::convolution_direct, src_any, wei_any, dst_any, strides,
                                             dilations, before, after), eng, hint);
      do {
        consider(pd.impl_info_str(), time_primitive(convolution_backward_weights(pd),
            {{DNNL_ARG_SRC, pd.src_desc(), src, false}, {DNNL_ARG_DIFF_DST, pd.diff_dst_desc(), dst, false},
             {DNNL_ARG_DIFF_WEIGHTS, pd.diff_weights_desc(), wei, true}}, eng, s, runs, min_seconds));
      } while (all_impls && pd.next_impl());
    } else {
      std::fprintf(stderr, "unknown direction %s: fwd, bwd_data or bwd_weights\n", direction.c_str());
      return 2;
    }
  } catch (const dnnl::error &e) {
    std::printf("{\"error\": \"oneDNN: %s\"}\n", e.what());
    return 1;
  }
  const dnnl_version_t *v = dnnl_version();
  std::printf("{\"impl\": \"%s\", \"ms\": %.6f, \"io_ms\": %.6f, \"version\": \"%d.%d.%d\"}\n", best_impl.c_str(),
              best.ms, best.io_ms, v->major, v->minor, v->patch);
  return 0;
}
