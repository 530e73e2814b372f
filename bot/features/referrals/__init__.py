"""Self-referral: a young person or parent asks the team for help; the team triages the referral."""
