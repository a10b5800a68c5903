"""narrative"""
