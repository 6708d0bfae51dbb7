// fleetlp_gpu_bandwidth: measured device-to-device copy bandwidth, the
// denominator of the PDHG roofline (bench/gpu_check.sh).
//
//   fleetlp_gpu_bandwidth [MiB per buffer, default 2048] [repetitions, default 20]
//
// Two measurements over buffers far larger than L2: cudaMemcpyAsync
// device-to-device, and a plain grid-stride copy kernel (what our own
// element-wise kernels look like). Bandwidth counts bytes read plus bytes
// written, the same convention as the bytes-per-iteration count. Each is the
// best of the timed repetitions after a warm-up (CUDA events). The last line
// is machine-readable: "bandwidth_gbs <best of the two>".
#include <cstdio>
#include <cstdlib>

#include <cuda_runtime.h>

#define CHECK(call)                                                                        \
  do {                                                                                     \
    cudaError_t e_ = (call);                                                               \
    if (e_ != cudaSuccess) {                                                               \
      std::fprintf(stderr, "gpu_bandwidth: %s failed: %s\n", #call, cudaGetErrorString(e_)); \
      return 1;                                                                            \
    }                                                                                      \
  } while (0)

__global__ void copy_kernel(const double2 *__restrict__ src, double2 *__restrict__ dst, size_t n) {
  for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x)
    dst[i] = src[i];
}

int main(int argc, char **argv) {
  const size_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2048;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 20;
  if (mib == 0 || reps < 1) {
    std::fprintf(stderr, "usage: fleetlp_gpu_bandwidth [MiB] [repetitions]\n");
    return 2;
  }
  const size_t bytes = mib << 20;
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  void *a = nullptr, *b = nullptr;
  CHECK(cudaMalloc(&a, bytes));
  CHECK(cudaMalloc(&b, bytes));
  CHECK(cudaMemset(a, 1, bytes));
  CHECK(cudaMemset(b, 0, bytes));
  cudaEvent_t t0, t1;
  CHECK(cudaEventCreate(&t0));
  CHECK(cudaEventCreate(&t1));

  double best_memcpy = 0.0, best_kernel = 0.0;
  const size_t n2 = bytes / sizeof(double2);
  const int threads = 256;
  const int blocks = prop.multiProcessorCount * 8;
  for (int r = -2; r < reps; ++r) { // two warm-ups
    float ms = 0.0f;
    CHECK(cudaEventRecord(t0));
    CHECK(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice));
    CHECK(cudaEventRecord(t1));
    CHECK(cudaEventSynchronize(t1));
    CHECK(cudaEventElapsedTime(&ms, t0, t1));
    if (r >= 0 && ms > 0) {
      double gbs = 2.0 * (double)bytes / (ms * 1e6);
      if (gbs > best_memcpy) best_memcpy = gbs;
    }
    CHECK(cudaEventRecord(t0));
    copy_kernel<<<blocks, threads>>>((const double2 *)a, (double2 *)b, n2);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(t1));
    CHECK(cudaEventSynchronize(t1));
    CHECK(cudaEventElapsedTime(&ms, t0, t1));
    if (r >= 0 && ms > 0) {
      double gbs = 2.0 * (double)bytes / (ms * 1e6);
      if (gbs > best_kernel) best_kernel = gbs;
    }
  }
  std::printf("device %s\n", prop.name);
  std::printf("buffer_mib %zu\n", mib);
  std::printf("memcpy_d2d_gbs %.1f\n", best_memcpy);
  std::printf("copy_kernel_gbs %.1f\n", best_kernel);
  std::printf("bandwidth_gbs %.1f\n", best_memcpy > best_kernel ? best_memcpy : best_kernel);
  CHECK(cudaFree(a));
  CHECK(cudaFree(b));
  return 0;
}
