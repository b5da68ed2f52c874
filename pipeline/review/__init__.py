"""Outputs for reviewers: review.xlsx, review.html with page crops, and the debug picture of a
page's detected grid."""
