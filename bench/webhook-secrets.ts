// Credentials of the benchmark bot: recognisable strings, so the run can check none of them reached the logs.
export const BENCH_SECRETS = {
  // cli_ + 16 hex digits: the SDK's long-connection client refuses any other shape.
  appId: 'cli_be0c000000000001',
  appSecret: 'bench-app-secret-DO-NOT-LOG-7f3a9c',
  encryptKey: 'bench-encrypt-key-DO-NOT-LOG-51e2',
  verificationToken: 'bench-verification-token-DO-NOT-LOG-c0d4',
};
