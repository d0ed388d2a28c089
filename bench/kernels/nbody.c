// n-body (Computer Language Benchmarks Game): five planets, n steps of
// f64 arithmetic with sqrt. Floating-point registers and struct fields.
#include "kernel_support.h"

enum { kBodies = 5 };

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static const double kSolarMass = 4 * 3.141592653589793 * 3.141592653589793;  // 4 pi^2
static const double kDaysPerYear = 365.24;

static void advance(Body* bodies, double dt) {
  for (int i = 0; i < kBodies; ++i) {
    Body* a = &bodies[i];
    for (int j = i + 1; j < kBodies; ++j) {
      Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double distanceSquared = dx * dx + dy * dy + dz * dz;
      double distance = __builtin_sqrt(distanceSquared);
      double magnitude = dt / (distanceSquared * distance);
      a->vx -= dx * b->mass * magnitude;
      a->vy -= dy * b->mass * magnitude;
      a->vz -= dz * b->mass * magnitude;
      b->vx += dx * a->mass * magnitude;
      b->vy += dy * a->mass * magnitude;
      b->vz += dz * a->mass * magnitude;
    }
  }
  for (int i = 0; i < kBodies; ++i) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(const Body* bodies) {
  double e = 0;
  for (int i = 0; i < kBodies; ++i) {
    const Body* a = &bodies[i];
    e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < kBodies; ++j) {
      const Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->mass * b->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

int64_t run(int32_t n) {
  Body bodies[kBodies] = {
      {0, 0, 0, 0, 0, 0, kSolarMass},
      {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03 * kDaysPerYear, 7.69901118419740425e-03 * kDaysPerYear,
       -6.90460016972063023e-05 * kDaysPerYear, 9.54791938424326609e-04 * kSolarMass},
      {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03 * kDaysPerYear, 4.99852801234917238e-03 * kDaysPerYear,
       2.30417297573763929e-05 * kDaysPerYear, 2.85885980666130812e-04 * kSolarMass},
      {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03 * kDaysPerYear, 2.37847173959480950e-03 * kDaysPerYear,
       -2.96589568540237556e-05 * kDaysPerYear, 4.36624404335156298e-05 * kSolarMass},
      {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03 * kDaysPerYear, 1.62824170038242295e-03 * kDaysPerYear,
       -9.51592254519715870e-05 * kDaysPerYear, 5.15138902046611451e-05 * kSolarMass},
  };
  // Offset the sun's momentum so the system's total is zero.
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < kBodies; ++i) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / kSolarMass;
  bodies[0].vy = -py / kSolarMass;
  bodies[0].vz = -pz / kSolarMass;
  for (int32_t step = 0; step < n; ++step) advance(bodies, 0.01);
  // Nine significant digits: the same on every IEEE-754 engine.
  return (int64_t)(energy(bodies) * -1e9);
}
