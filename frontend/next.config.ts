import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const nextConfig: NextConfig = {
  output: 'standalone',
  // Monorepo: trace and bundle from the repository root so @todo/openapi is included.
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  compress: true,
  poweredByHeader: false,
  reactStrictMode: true,
  assetPrefix: process.env.ASSET_PREFIX || undefined,
  transpilePackages: ['@todo/openapi'],
  async headers() {
    // Headers that do not depend on the request; the CSP (with its nonce) is set in proxy.ts.
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          {
            key: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
          },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
