// Credentials of the benchmark bot: recognisable strings, so the run can check none of them reached the logs.
export const BENCH_SECRETS = {
  appId: 'cli_bench0000000001',
  appSecret: 'bench-app-secret-DO-NOT-LOG-7f3a9c',
  encryptKey: 'bench-encrypt-key-DO-NOT-LOG-51e2',
  verificationToken: 'bench-verification-token-DO-NOT-LOG-c0d4',
};
